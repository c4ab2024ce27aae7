using System.Text;
using System.Text.Json;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>One datagram received from the exporter: the daemon header line and the document after it.</summary>
public sealed class XRayDatagram
{
    public XRayDatagram(byte[] bytes)
    {
        Bytes = bytes;
        int newline = Array.IndexOf(bytes, (byte)'\n');
        Assert.True(newline > 0, "every datagram starts with the header line and a newline");
        Header = Encoding.UTF8.GetString(bytes, 0, newline);
        Body = JsonDocument.Parse(bytes.AsMemory(newline + 1)).RootElement.Clone();
    }

    public byte[] Bytes { get; }

    public string Header { get; }

    public JsonElement Body { get; }

    public string Id => Body.GetProperty("id").GetString()!;

    public string TraceId => Body.GetProperty("trace_id").GetString()!;

    public bool IsSubsegmentDocument => Body.TryGetProperty("type", out var type) && type.GetString() == "subsegment";

    /// <summary>This document and every nested subsegment, with the id of the object that contains each.</summary>
    public IEnumerable<(JsonElement Node, string? ContainerId)> Flatten()
    {
        var stack = new Stack<(JsonElement, string?)>();
        stack.Push((Body, null));
        while (stack.Count > 0)
        {
            var (node, container) = stack.Pop();
            yield return (node, container);
            if (node.TryGetProperty("subsegments", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    stack.Push((child, node.GetProperty("id").GetString()));
                }
            }
        }
    }
}
