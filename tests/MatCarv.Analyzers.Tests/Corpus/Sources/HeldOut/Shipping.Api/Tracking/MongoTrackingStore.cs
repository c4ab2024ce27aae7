using MongoDB.Driver;

namespace Shipping.Api.Tracking;

public sealed record TrackingEvent(string TrackingNumber, string Status, DateTime At);

public sealed class MongoTrackingStore
{
    private readonly IMongoCollection<TrackingEvent> _events;

    public MongoTrackingStore()
    {
        var client = new MongoClient("mongodb+srv://tracking-writer:Mg0-Trk!4419@tracking.q7x2k.mongodb.net/?retryWrites=true&w=majority"); // secret: MCV1004
        _events = client.GetDatabase("tracking").GetCollection<TrackingEvent>("events"); // clean
    }

    public static MongoClient Analytics()
    {
        var settings = new MongoClientSettings
        {
            Server = new MongoServerAddress("analytics-docdb.cluster-c9akciq32.eu-west-1.docdb.amazonaws.com", 27017), // clean
            Credential = MongoCredential.CreateCredential("admin", "analytics", "D0cDb!An4lyt1cs"), // secret: MCV1003
            UseTls = true,
        };
        return new MongoClient(settings);
    }

    public static MongoClient Local() => new("mongodb://root:example@localhost:27017/?authSource=admin"); // clean -- local container from the Mongo image's docs

    public static MongoClient Compose() => new("mongodb://tracking:tracking@mongo:27017/tracking"); // clean -- compose service name, user equals password

    public Task AddAsync(TrackingEvent e) => _events.InsertOneAsync(e);
}
