using Microsoft.EntityFrameworkCore;

namespace Billing.Service.Persistence;

public sealed class Invoice
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "EUR"; // clean
}

public sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Invoice>().ToTable("invoices", "billing").HasIndex(i => i.Number).IsUnique(); // clean
}

public static class BillingDbContextFactory
{
    public static BillingDbContext ForMigrations() => new(new DbContextOptionsBuilder<BillingDbContext>()
        .UseNpgsql("Server=billing-db.cluster-q4w8e2r6.eu-central-1.rds.amazonaws.com;Port=5432;User Id=billing_owner;Password=B1ll!ng-0wner#7;Database=billing") // secret: MCV1004
        .Options);

    public static BillingDbContext ForLocal() => new(new DbContextOptionsBuilder<BillingDbContext>()
        .UseNpgsql("Server=localhost;Port=5432;User Id=postgres;Password=Local-Dev-Only-1;Database=billing") // clean -- localhost
        .Options);

    public static BillingDbContext ForIamAuth(string token) => new(new DbContextOptionsBuilder<BillingDbContext>()
        .UseNpgsql($"Server=billing-db.cluster-q4w8e2r6.eu-central-1.rds.amazonaws.com;User Id=billing_iam;Password={token};Database=billing;SSL Mode=Require") // clean -- IAM token from a parameter
        .Options);
}
