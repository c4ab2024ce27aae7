using System.Text.Json;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>Property names of the X-Ray segment document, encoded once.</summary>
internal static class XRayJsonNames
{
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("trace_id");
    public static readonly JsonEncodedText ParentId = JsonEncodedText.Encode("parent_id");
    public static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("start_time");
    public static readonly JsonEncodedText EndTime = JsonEncodedText.Encode("end_time");
    public static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
    public static readonly JsonEncodedText Origin = JsonEncodedText.Encode("origin");
    public static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    public static readonly JsonEncodedText Http = JsonEncodedText.Encode("http");
    public static readonly JsonEncodedText Request = JsonEncodedText.Encode("request");
    public static readonly JsonEncodedText Response = JsonEncodedText.Encode("response");
    public static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    public static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    public static readonly JsonEncodedText UserAgent = JsonEncodedText.Encode("user_agent");
    public static readonly JsonEncodedText ClientIp = JsonEncodedText.Encode("client_ip");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText ContentLength = JsonEncodedText.Encode("content_length");
    public static readonly JsonEncodedText Aws = JsonEncodedText.Encode("aws");
    public static readonly JsonEncodedText Operation = JsonEncodedText.Encode("operation");
    public static readonly JsonEncodedText Region = JsonEncodedText.Encode("region");
    public static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("request_id");
    public static readonly JsonEncodedText QueueUrl = JsonEncodedText.Encode("queue_url");
    public static readonly JsonEncodedText TableName = JsonEncodedText.Encode("table_name");
    public static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("account_id");
    public static readonly JsonEncodedText XRay = JsonEncodedText.Encode("xray");
    public static readonly JsonEncodedText Sdk = JsonEncodedText.Encode("sdk");
    public static readonly JsonEncodedText SdkVersion = JsonEncodedText.Encode("sdk_version");
    public static readonly JsonEncodedText Ecs = JsonEncodedText.Encode("ecs");
    public static readonly JsonEncodedText CloudWatchLogs = JsonEncodedText.Encode("cloudwatch_logs");
    public static readonly JsonEncodedText LogGroup = JsonEncodedText.Encode("log_group");
    public static readonly JsonEncodedText Arn = JsonEncodedText.Encode("arn");
    public static readonly JsonEncodedText Container = JsonEncodedText.Encode("container");
    public static readonly JsonEncodedText Eks = JsonEncodedText.Encode("eks");
    public static readonly JsonEncodedText Pod = JsonEncodedText.Encode("pod");
    public static readonly JsonEncodedText Ec2 = JsonEncodedText.Encode("ec2");
    public static readonly JsonEncodedText InstanceId = JsonEncodedText.Encode("instance_id");
    public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    public static readonly JsonEncodedText Fault = JsonEncodedText.Encode("fault");
    public static readonly JsonEncodedText Throttle = JsonEncodedText.Encode("throttle");
    public static readonly JsonEncodedText Cause = JsonEncodedText.Encode("cause");
    public static readonly JsonEncodedText WorkingDirectory = JsonEncodedText.Encode("working_directory");
    public static readonly JsonEncodedText Exceptions = JsonEncodedText.Encode("exceptions");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Remote = JsonEncodedText.Encode("remote");
    public static readonly JsonEncodedText Truncated = JsonEncodedText.Encode("truncated");
    public static readonly JsonEncodedText Stack = JsonEncodedText.Encode("stack");
    public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
    public static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
    public static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    public static readonly JsonEncodedText Annotations = JsonEncodedText.Encode("annotations");
    public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    public static readonly JsonEncodedText Default = JsonEncodedText.Encode("default");
    public static readonly JsonEncodedText MatCarv = JsonEncodedText.Encode("matcarv");
    public static readonly JsonEncodedText Trimmed = JsonEncodedText.Encode("trimmed");
    public static readonly JsonEncodedText SpanName = JsonEncodedText.Encode("span_name");
}
