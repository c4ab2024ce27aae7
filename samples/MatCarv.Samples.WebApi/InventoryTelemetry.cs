using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MatCarv.Samples.WebApi;

/// <summary>The service's own ActivitySource and Meter: plain .NET, exported by MatCarv as X-Ray and EMF.</summary>
internal static class InventoryTelemetry
{
    public const string Name = "MatCarv.Samples.Inventory";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Reservations = Meter.CreateCounter<long>("inventory.reservations", unit: "{reservation}");

    public static readonly Histogram<double> StockLookupLatency = Meter.CreateHistogram<double>("inventory.lookup.latency", unit: "ms");
}
