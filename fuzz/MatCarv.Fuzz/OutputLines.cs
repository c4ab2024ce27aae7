using System.Text.Json;

namespace MatCarv.Fuzz;

/// <summary>The SDK's stdout, captured in memory: every line must be one JSON object in strict UTF-8 with no key twice.</summary>
public sealed class OutputLines
{
    /// <summary>CloudWatch Logs' event limit, which the SDK keeps after escaping.</summary>
    public const int MaxLineBytes = 256 * 1024;

    public MemoryStream Stream { get; } = new();

    /// <summary>Takes the lines written since the last call, checks each, and returns them parsed.</summary>
    public List<JsonElement> TakeChecked()
    {
        var bytes = Stream.ToArray();
        Stream.SetLength(0);
        var lines = new List<JsonElement>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n')
            {
                continue;
            }

            var line = bytes.AsMemory(start, i - start);
            start = i + 1;
            FuzzFindingException.Check(line.Length <= MaxLineBytes, $"a line of {line.Length} bytes");
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new FuzzFindingException("a line that is not JSON: " + ex.Message, ex);
            }

            using (document)
            {
                FuzzFindingException.Check(document.RootElement.ValueKind == JsonValueKind.Object, "a line that is not a JSON object");
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    FuzzFindingException.Check(names.Add(property.Name), "a key written twice: " + property.Name);
                }

                lines.Add(document.RootElement.Clone());
            }
        }

        FuzzFindingException.Check(start == bytes.Length, "output that does not end with a newline");
        return lines;
    }
}
