using Azure.Identity;
using Azure.Storage.Blobs;
using Google.Apis.Auth.OAuth2;

namespace Billing.Worker;

/// <summary>Matches bank statements (Azure Blob Storage) with invoices and reports to BigQuery.</summary>
public static class ReconciliationJob
{
    private const string StatementsAccount = "BlobEndpoint=https://bankstatements.blob.core.windows.net/;SharedAccessSignature=sv=2023-11-03&ss=b&srt=o&sp=r&se=2027-01-01T00:00:00Z&spr=https&sig=6VM6oZXth8CkGqOiIL1217sHP6xHdVW1gu3C3TOimgg%3D"; // secret: MCV1002|MCV1004
    private const string ServiceBus = "Endpoint=sb://billing-events.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=6VeaGojqI5cJEYkx40lEiV5iDzy3IohFKy8wFePkU0M="; // secret: MCV1002|MCV1004
    private const string TenantId = "e50c5947-8be1-46b2-a587-e08c11f47ec9"; // clean
    private const string ClientId = "2fc593d1-5d60-44ce-8273-7b11933df663"; // clean
    private const string ClientSecret = "L9M1Q~HL4E4AReidVBArHDaEB4wrkOB5ny.Ac74Z"; // secret(az-secret): MCV1002|MCV1003

    private static readonly string BigQueryKey = """
        {
        "type": "service_account",
        "project_id": "billing-reconciliation",
        "private_key_id": "82a9b6e6c03882c0b656d9be042a25667be26aa7",
        "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDMpHIWtk6QY998\nd3RIrIIX5srAqFpivJet1NQEDHWqJMtJEKLmqbdksx6RndmDqdUXkBtP89aiy9GW\nM+sVO0MyfR8KKRbCZ0+aCT6msSMz0bnVWSMlJJStdUdC6JEYvturZdAGAPpe6RoH\nHzpmgpWeeUCzzrNvzR/ZE0uJniuz6KmrNZKoLBRM8H5c+0MiEtI1eZJVXBiCjAqT\nAjpvXfmx4YLoQ2gUtLtK+AWUUFmWcfHVSbomBD2pnsrJu18t030hhb49Vms4p4H4\no3bR/ORSSr/r0BM353nivx1FHSnxrjCFIDvXJxhxJY6ufUx5Ocd/V8icJuEfcG4V\nSuU5LgYFAgMBAAECggEABHt/oj65BtGhNg05x1O7/8EG5ORrImmGGwEj6bjKJQFs\nUHvkTZAfG74Op9rgxlEEgWEfMAejxmoXe6ZEenETXjo+YU8YGAcCR9n2/Ni5cCui\nWel7axdbiFceyfjlILkhf6YZwd/onAaYEtrcwR0QIOoAAFBBPuwry+nvyCJmS6j9\ncGQSyY3COMqarHjdyUVHVhZqCCr9a+5NcRxz/7+4NdrpkwkzSDdV6HUAV9rq2a+T\ngRFJ4XGwNODP3ZUDjCFNuSiNGiV94mWMJQg+ijXdf4lj5FYOAaGzwCDNn0vowERB\n8dFEOSfAe1pJahPLd19IYNBGUIak1714l1x7DFXYYQKBgQDwb5NsqBm+gOFga/w7\nUMdsEMt/KFOK4tcWbmLdTUqzKYKvEiOYEkRvSOhkabJfy85+9bTId2HGLGfY5BX3\nZVr5FRbgW3hHBZZTxpzEkEcr0hT+DSzV904TNWm06Y8YcfKub3ocwE4AHAUm10Gu\nNKn2ezVwGuz0w+zpv3HlwDG2kQKBgQDZ47ZEvYtgIbDfgrBWtNao3U0g5KAfP6Ip\newtqSztRqlJEdtgnf245UeHVRBKR+20cn2sLaPuErI8tZASc/Y1RaH6DhTS3s9ZS\nj8LTs9x4rKKkwrzbwk0BabwsVIFPFRYnY0a0dXWPQ2xq/GDh6owdrtzcgiAWje01\n5dckPhCaNQKBgB6clhCHdn+iuQ8lsH980WcY3E/cOoa8StY4R64VYSVea50OmimK\nadwhVDU0n9lCgY/4iIPdbz1j+fTLVWCiLur3nGoEO1QPigwwhVUhaW5S2QlfdA3p\n5q7bZhH6ipV6LIO4/bsbYNLyvlUrotkjK2COX0depjyjlU5NaZru1WWBAoGAPUzp\nTLGe8q7H2jokbmB2PA/20RhBTElU0CLD9WWxDKrEdmqRKZuaYRn+VUfPia6Y5gKb\n1Rv2Fz+NEJIhEiHrjkm9vjbNvBkmZRf5EiJ6FqFLKNt40sL5czpSLI6hyqP+FZrC\nm6aoKmQnrnnOsACS5w75KDib2nyXjiBZxOKJPTkCgYB582e4cNER8nNW83vpzT18\nbt6hs3Ygw5B//yMcj27bHGdagJB7d/IFUcP6H45nFG7aSyik5fr1+iHHkXwO/aWf\ndtHINEDBe/QcFUG4F+P5+Tl8xxFb/I/7OKSyCadxDyoRZOuy5/KwjMjJvo3b1nei\nh4ii4v0DuDluaAYr0ofopA==\n-----END PRIVATE KEY-----\n",
        "client_email": "recon@billing-reconciliation.iam.gserviceaccount.com",
        "client_id": "427157688042518407852",
        "token_uri": "https://oauth2.googleapis.com/token"
        }
        """; // secret(bq-key): MCV1002

    public static BlobServiceClient Statements() => new(StatementsAccount);

    public static ClientSecretCredential ServicePrincipal() => new(TenantId, ClientId, ClientSecret); // same(az-secret)

    public static DefaultAzureCredential Default() => new(); // clean

    public static GoogleCredential BigQuery() => GoogleCredential.FromJson(BigQueryKey); // same(bq-key)

    public static string Bus => ServiceBus;

    public static string BigQueryDataset => "billing-reconciliation.recon.daily_matches"; // clean
}
