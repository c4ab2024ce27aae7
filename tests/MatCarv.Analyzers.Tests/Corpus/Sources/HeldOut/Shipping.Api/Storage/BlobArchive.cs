using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace Shipping.Api.Storage;

public static class BlobArchive
{
    private const string AzureArchive = "DefaultEndpointsProtocol=https;AccountName=shiplabelsarchive;AccountKey=8Df9wvUK9x5+jnRQAMJ0Qx1gzfQgZCl0c9pqwL10GRP2EXyG9l5Q++7TFGN+OSqrf632Z7XZT+w9K7FLhPSQjA==;EndpointSuffix=core.windows.net"; // secret(azure-archive): MCV1002|MCV1004
    private const string Azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"; // clean -- Azurite's documented well-known key
    private const string DevelopmentStorage = "UseDevelopmentStorage=true"; // clean

    public static BlobServiceClient Archive() => new(AzureArchive); // same(azure-archive)

    public static BlobServiceClient Emulator() => new(Azurite);

    public static BlobServiceClient Development() => new(DevelopmentStorage);

    public static BlobServiceClient WithSharedKey() =>
        new(new Uri("https://shiplabelsarchive.blob.core.windows.net"), new StorageSharedKeyCredential("shiplabelsarchive", "UJaeVWAGk2jtSaQYUQHfMzoVKPIgVKjnSVwCQ4/VlWd4cjKLBZz5UL2j/p3vH4I//0fqzswzdHHgON9iY0z0zQ==")); // secret: MCV1002|MCV1003

    public static BlobContainerClient ReadOnlyLabels() =>
        new(new Uri("https://shiplabelsarchive.blob.core.windows.net/labels?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T23:59:59Z&st=2025-01-01T00:00:00Z&spr=https&sig=G%2BpORyimoz%2FBneJ%2BhkyffebQjzcd2PEkEwVsYRkd72c%3D")); // secret: MCV1002|MCV1004

    public static BlobServiceClient WithServicePrincipal() =>
        new(new Uri("https://shiplabelsarchive.blob.core.windows.net"), new ClientSecretCredential("0179fabf-0f39-4200-a349-1ff15e2b3fde", "bf85996d-d03e-473c-a720-de1e42e7b6b0", "tmH3Q~qaXyqMa3B_rcjNQwH1ST1xHuqW3teRC4j2")); // secret: MCV1002|MCV1003

    public static BlobServiceClient WithManagedIdentity() =>
        new(new Uri("https://shiplabelsarchive.blob.core.windows.net"), new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId("c103aa26-2c5f-43ad-8a3b-a1b3031dae04"))); // clean -- a client id

    public static AmazonS3Client LegacyExports() => new("AKIA7U424Z3UD6CQUY3T", "hcGx+Pyis2X/1ywnHcjH1qxjktX7wXjmVWEzZxgj", RegionEndpoint.EUWest1); // secret: MCV1001

    public static AmazonS3Client Exports() => new(RegionEndpoint.EUWest1); // clean -- the task role

    public static AmazonS3Client DocumentationSample() => new(new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), RegionEndpoint.USEast1); // clean -- AWS's documented example keys

    public static AmazonS3Client LocalStack() => new(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = "http://localhost:4566", ForcePathStyle = true }); // clean -- LocalStack's documented dummy credentials
}
