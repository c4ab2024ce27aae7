using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// Annotations and metadata added through <see cref="TraceSpan"/>, kept on the <see cref="Activity"/> as a custom property
/// (not as tags, so other exporters of the same activity are not given X-Ray-only data). Written on the caller's flow
/// before the activity stops, read by the background loop after it stopped.
/// </summary>
internal sealed class SpanExtras
{
    public const string PropertyName = "MatCarv.XRay";

    public List<KeyValuePair<string, XRayValue>>? Annotations { get; private set; }

    /// <summary>
    /// Set on a Lambda handler's span: its trace must follow Lambda's rules (subsegments of the facade only) even when the
    /// process was not detected as Lambda (a function run locally through <c>MatCarvLambda</c>).
    /// </summary>
    public bool IsLambdaInvocation { get; set; }

    public List<(string Namespace, string Key, XRayValue Value)>? Metadata { get; private set; }

    public static SpanExtras? Get(Activity activity) => activity.GetCustomProperty(PropertyName) as SpanExtras;

    public static SpanExtras GetOrCreate(Activity activity)
    {
        if (activity.GetCustomProperty(PropertyName) is SpanExtras extras)
        {
            return extras;
        }

        extras = new SpanExtras();
        activity.SetCustomProperty(PropertyName, extras);
        return extras;
    }

    public void AddAnnotation(string key, XRayValue value)
    {
        lock (this)
        {
            var list = Annotations ??= new List<KeyValuePair<string, XRayValue>>(4);
            for (int i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i].Key, key, StringComparison.Ordinal))
                {
                    list[i] = new KeyValuePair<string, XRayValue>(key, value);
                    return;
                }
            }

            list.Add(new KeyValuePair<string, XRayValue>(key, value));
        }
    }

    public void AddMetadata(string metadataNamespace, string key, XRayValue value)
    {
        lock (this)
        {
            var list = Metadata ??= new List<(string, string, XRayValue)>(4);
            for (int i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i].Namespace, metadataNamespace, StringComparison.Ordinal) && string.Equals(list[i].Key, key, StringComparison.Ordinal))
                {
                    list[i] = (metadataNamespace, key, value);
                    return;
                }
            }

            list.Add((metadataNamespace, key, value));
        }
    }
}
