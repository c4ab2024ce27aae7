namespace MatCarv.Observability.Tracing.Otlp;

/// <summary>
/// Reads <c>ExportTraceServiceResponse.partial_success.rejected_spans</c> (fields 1 → 1, int64) from a protobuf response body,
/// skipping every other field. A body that is not protobuf (a proxy's text, JSON) reads as nothing rejected.
/// </summary>
internal static class OtlpResponse
{
    public static long RejectedSpans(ReadOnlySpan<byte> body)
    {
        long rejected = 0;
        int position = 0;
        while (position < body.Length && TryReadField(body, ref position, out int field, out int wireType, out ulong value, out var nested))
        {
            if (field == 1 && wireType == 2)
            {
                int inner = 0;
                while (inner < nested.Length && TryReadField(nested, ref inner, out int f, out int w, out ulong v, out _))
                {
                    if (f == 1 && w == 0)
                    {
                        rejected = (long)v;
                    }
                }
            }
        }

        return rejected;
    }

    private static bool TryReadField(ReadOnlySpan<byte> data, ref int position, out int field, out int wireType, out ulong value, out ReadOnlySpan<byte> nested)
    {
        nested = default;
        value = 0;
        field = 0;
        wireType = 0;
        if (!TryReadVarint(data, ref position, out var tag))
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        switch (wireType)
        {
            case 0:
                return TryReadVarint(data, ref position, out value);
            case 1:
                position += 8;
                return position <= data.Length;
            case 2:
                if (!TryReadVarint(data, ref position, out var length) || length > (ulong)(data.Length - position))
                {
                    return false;
                }

                nested = data.Slice(position, (int)length);
                position += (int)length;
                return true;
            case 5:
                position += 4;
                return position <= data.Length;
            default:
                return false;
        }
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < data.Length; shift += 7)
        {
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
