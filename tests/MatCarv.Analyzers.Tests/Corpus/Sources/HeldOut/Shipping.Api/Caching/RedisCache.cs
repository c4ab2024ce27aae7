using StackExchange.Redis;

namespace Shipping.Api.Caching;

public static class RedisCache
{
    private const string Primary = "shipping-cache.x1y2z3.ng.0001.euw1.cache.amazonaws.com:6379,ssl=true,password=Rd5-Xq8!vTm2Lp,abortConnect=false"; // secret(redis-primary): MCV1004
    private const string Replica = "shipping-cache-ro.x1y2z3.ng.0001.euw1.cache.amazonaws.com:6380,password=Rd5-Xq8!vTm2Lp-ro,ssl=True"; // secret(redis-replica): MCV1004
    private const string Dev = "localhost:6379,password=devpass,abortConnect=false"; // clean -- local instance
    private const string Sentinel = "redis-sentinel:26379,serviceName=mymaster"; // clean -- no password

    public static ConnectionMultiplexer ConnectPrimary() => ConnectionMultiplexer.Connect(Primary); // same(redis-primary)

    public static ConnectionMultiplexer ConnectReplica() => ConnectionMultiplexer.Connect(ConfigurationOptions.Parse(Replica)); // same(redis-replica)

    public static ConnectionMultiplexer ConnectDev() => ConnectionMultiplexer.Connect(Dev);

    public static ConnectionMultiplexer ConnectSentinel() => ConnectionMultiplexer.Connect(Sentinel);

    public static ConnectionMultiplexer ConnectWithAcl()
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { "shipping-acl.x1y2z3.clustercfg.euw1.cache.amazonaws.com:6379" }, // clean
            User = "shipping-api",
            Password = "Acl!Rds-7731-shp", // secret: MCV1003
            Ssl = true,
        };
        return ConnectionMultiplexer.Connect(options);
    }

    public static ConnectionMultiplexer ConnectFromParts(string host, string password)
    {
        var configuration = $"{host}:6379,password={password},ssl=true"; // clean -- interpolated
        return ConnectionMultiplexer.Connect(configuration);
    }

    public static string TrackingKey(string trackingNumber) => $"shipping:tracking:{trackingNumber}"; // clean
}
