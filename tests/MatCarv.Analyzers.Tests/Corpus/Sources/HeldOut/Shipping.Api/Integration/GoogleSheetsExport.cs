using Google.Apis.Auth.OAuth2;

namespace Shipping.Api.Integration;

/// <summary>Exports the daily manifest to the finance team's spreadsheet.</summary>
public static class GoogleSheetsExport
{
    private const string ServiceAccountJson = """
        {
          "type": "service_account",
          "project_id": "shipping-finance-exports",
          "private_key_id": "df1744f42d9516fe0cbae96076bb76db79003f94",
          "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCifKIufhK2M1h2\nhBUBQ2Kcwi6ycjQsTyUEkC8W1jL99fBmGkcylhqc87o6PXYi659WZ10UOc8T+T5k\nsi/Fg+IN9dfPlUxdrwuNZgILQB91PtmpXM/WufnsU9EMBrtFuE8bGlFTBLa2FhHp\n3agAxAnotbGgfWoEpGdhd0baNnchS/Mp+P/aYeeQ66UwyEISDnXssDk/84FzG4Xe\nGKRpWM/H4m7+/4meoEwF/su8rC4zDgFzD9nUjoHWD5LQC7nGMqMd6qPuEZtgSfZE\nbWow20BlcH+Fz0/iOv/OxudHriofeOxEV964bOFGyhP9FMVUVphmu9DqgefnY5ct\n/51+jRGxAgMBAAECggEAJZTaFhLG1SlvDopiKVaimks3bcKIWq87iqCmo4uLY73c\nimENkp+xLBgbPJk2l8ETq3JgzurIAICnc7ba4b4tLLlt3u9TKF/yNhQf6OY94GpX\nAZsb3zhIm+aO9U8hRXDpqwUdRixS7i6QmhzQXMz61b4ghVQ8jzJPTvW9h38Ncr+1\n8kbh5jXm/dGhbT9MlCtNme8WbDNdVLjVlv5niQ90LOotxYgcuj2ChhLntvyMvkhY\nV0XOqAnKqqxXswGPpWN5muWo1yJS8xny9A+J+ai2EEvnrVHGo7W0fkowEJUPGvGA\nIoJomMbR0Z5rElh20s9M3J/ncGiwWc655X/2A83ZoQKBgQDQXexk55vZ/AcjaB3c\nU77syT2JDwpB467CeZdZQXplVTIY3/PtG+5KOduFClXNGiuIw9i+KIRizjCnmBMb\nHzjvj96xIZieTHUVJQylrO7fWgK+/qq/BZSIp9QFJNlABNKDgoZAwP1c6RVlRkSh\nwnJa3v1Lj6ErJeUOmpSfqI9uLQKBgQDHobZEUwJcBIz345ubFk2dP73wR3HAUZvx\n+YgbknzhEYniz0PHb5K/+NXLRnszjQ+fGJCeqfi2wGoKz8eqQXR3ShlC3zMRUeZG\nHgTByvrOiM+9vMpytQ6hx4yqoGXKqDw6agWU/te+l1OGz1fnqSmGDUmmSGY/Q42r\nvAVc9RooFQKBgQCpN02umKVqPxHxADIX528LT1cJAszau7QGPcba9qEWwDyiFOY8\n7kzzvM742W7a1WD7fcl8jN0OfNLomEkT4qRTcSxx/425KPCAzojZ13paqvfF8n3q\nCfcZj+pQjx9brU7k/FBZMCHSnXwBtjIwiABkqelcvvUtXGYMGR+QFcz9tQKBgEEc\nNjVcmZVnio7DNppDkPbrtkhrFOez9lfamhDcG0zRCpbmIOYoNsXUI+7TwxUSOfka\n6vhE2bDJWwzBrg6SoKjTix+rap2Ih8Fwwv5t9JVuO8tXivQUp3wOeIuiGvEZI+Ot\ndrqcz8MC2iRK9hHBs6BcLxxD2s1hfBB6F4m1C13tAoGAIiHRKkJqCxpI0KEToTjR\nEBxIMKp/ZlLhvMJL/qsxMTGIr0/aPRTi0QOItNbGvLG/tBaiufg40REaaNSaLTTr\n6t0R1m/Ge5O1jqLOOXjhj2a1H//dHZG0V4xwyE5iqTMqWe0shDaVX+3ptKAGs/Ny\nVIiZ6La46qzdt7qvHqzYuGw=\n-----END PRIVATE KEY-----\n",
          "client_email": "manifest-export@shipping-finance-exports.iam.gserviceaccount.com",
          "client_id": "526523776074534993599",
          "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token",
          "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
          "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/manifest-export%40shipping-finance-exports.iam.gserviceaccount.com",
          "universe_domain": "googleapis.com"
        }
        """; // secret(gcp-json): MCV1002 -- a label on a line of a multi-line literal covers the whole literal

    private const string WorkloadIdentityConfig = """
        {
          "type": "external_account",
          "audience": "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/aws-pool/providers/aws-provider",
          "subject_token_type": "urn:ietf:params:aws:token-type:aws4_request",
          "service_account_impersonation_url": "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/manifest-export@shipping-finance-exports.iam.gserviceaccount.com:generateAccessToken",
          "token_url": "https://sts.googleapis.com/v1/token",
          "credential_source": { "environment_id": "aws1", "regional_cred_verification_url": "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15" }
        }
        """; // clean -- workload identity federation: no key material

    private const string MapsKey = "AIzaCoBRyZUZizWr450OK-K2lkt4sK1sWRPDoNG"; // secret(maps-key): MCV1002|MCV1003
    private const string OAuthClientSecret = "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"; // secret(oauth-secret): MCV1002|MCV1003

    public static GoogleCredential Credential() => GoogleCredential.FromJson(ServiceAccountJson); // same(gcp-json)

    public static GoogleCredential Federated() => GoogleCredential.FromJson(WorkloadIdentityConfig);

    public static string GeocodeUrl(string address) => $"https://maps.googleapis.com/maps/api/geocode/json?address={Uri.EscapeDataString(address)}&key={MapsKey}"; // same(maps-key)

    public static string Secret => OAuthClientSecret; // same(oauth-secret)
}
