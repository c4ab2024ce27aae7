namespace MatCarv.Analyzers.Tests.Corpus.Scoring;

/// <summary>
/// The few APIs the corpus uses that the package mirror does not carry (Amazon.Lambda.*, AWSSDK.SecretsManager), declared
/// under their real metadata names with their real member and parameter names. Every other API comes from the real package.
/// Added to every corpus compilation as CorpusStubs.cs; it carries no labels.
/// </summary>
internal static class CorpusStubs
{
    public const string FileName = "CorpusStubs.cs";

    public const string Source = """
        #nullable enable
        namespace Amazon.Lambda.Core
        {
            public interface ILambdaLogger { void LogLine(string message); void LogInformation(string message); void LogError(string message); }
            public interface ILambdaContext
            {
                string AwsRequestId { get; }
                string FunctionName { get; }
                System.TimeSpan RemainingTime { get; }
                ILambdaLogger Logger { get; }
            }
            [System.AttributeUsage(System.AttributeTargets.Assembly | System.AttributeTargets.Class | System.AttributeTargets.Method)]
            public sealed class LambdaSerializerAttribute : System.Attribute
            {
                public LambdaSerializerAttribute(System.Type serializerType) { SerializerType = serializerType; }
                public System.Type SerializerType { get; set; }
            }
        }
        namespace Amazon.Lambda.Serialization.SystemTextJson
        {
            public class DefaultLambdaJsonSerializer { }
        }
        namespace Amazon.Lambda.APIGatewayEvents
        {
            public class APIGatewayHttpApiV2ProxyRequest
            {
                public string? RawPath { get; set; }
                public string? Body { get; set; }
                public System.Collections.Generic.IDictionary<string, string>? Headers { get; set; }
                public System.Collections.Generic.IDictionary<string, string>? QueryStringParameters { get; set; }
                public System.Collections.Generic.IDictionary<string, string>? PathParameters { get; set; }
            }
            public class APIGatewayHttpApiV2ProxyResponse
            {
                public int StatusCode { get; set; }
                public string? Body { get; set; }
                public System.Collections.Generic.IDictionary<string, string>? Headers { get; set; }
            }
        }
        namespace Amazon.Lambda.SQSEvents
        {
            public class SQSEvent
            {
                public System.Collections.Generic.List<SQSMessage> Records { get; set; } = new();
                public class SQSMessage { public string? MessageId { get; set; } public string? Body { get; set; } }
            }
            public class SQSBatchResponse
            {
                public System.Collections.Generic.List<BatchItemFailure> BatchItemFailures { get; set; } = new();
                public class BatchItemFailure { public string? ItemIdentifier { get; set; } }
            }
        }
        namespace Amazon.SecretsManager.Model
        {
            public class GetSecretValueRequest { public string? SecretId { get; set; } public string? VersionStage { get; set; } public string? VersionId { get; set; } }
            public class GetSecretValueResponse { public string? ARN { get; set; } public string? Name { get; set; } public string? SecretString { get; set; } }
        }
        namespace Amazon.SecretsManager
        {
            public interface IAmazonSecretsManager
            {
                System.Threading.Tasks.Task<Amazon.SecretsManager.Model.GetSecretValueResponse> GetSecretValueAsync(Amazon.SecretsManager.Model.GetSecretValueRequest request, System.Threading.CancellationToken cancellationToken = default);
            }
            public class AmazonSecretsManagerClient : IAmazonSecretsManager
            {
                public AmazonSecretsManagerClient() { }
                public AmazonSecretsManagerClient(Amazon.RegionEndpoint region) { }
                public AmazonSecretsManagerClient(string awsAccessKeyId, string awsSecretAccessKey, Amazon.RegionEndpoint region) { }
                public System.Threading.Tasks.Task<Amazon.SecretsManager.Model.GetSecretValueResponse> GetSecretValueAsync(Amazon.SecretsManager.Model.GetSecretValueRequest request, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.FromResult(new Amazon.SecretsManager.Model.GetSecretValueResponse());
            }
        }
        """;
}
