using Microsoft.EntityFrameworkCore;

namespace Shipping.Api.Data;

public sealed class ShippingDbContext : DbContext
{
    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (!optionsBuilder.IsConfigured)
        {
            optionsBuilder.UseNpgsql("Host=shipping-db.cluster-c9akciq32.eu-west-1.rds.amazonaws.com;Database=shipping;Username=migrator;Password=M1gr8-Sh1pp!ng"); // secret: MCV1004
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shipment>().HasKey(s => s.Id);
        modelBuilder.Entity<Shipment>().Property(s => s.TrackingNumber).HasMaxLength(64);
        modelBuilder.HasDefaultSchema("shipping"); // clean
    }
}

/// <summary>Design-time factory for 'dotnet ef migrations'.</summary>
public sealed class DesignTimeShippingDbContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<ShippingDbContext>
{
    public ShippingDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ShippingDbContext>()
            .UseNpgsql("Host=127.0.0.1;Port=5433;Database=shipping_design;Username=postgres;Password=design-time-only") // clean -- loopback host
            .Options;
        return new ShippingDbContext();
    }
}
