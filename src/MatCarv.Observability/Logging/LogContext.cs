using System.Diagnostics;
using MatCarv.Observability.Context;
using MatCarv.Observability.Logging.Context;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Keys written on every log line of a unit of work, like Powertools' <c>Logger.AppendKey</c>/<c>RemoveKeys</c> and
/// <c>ExtraKeys</c>. <see cref="AppendKey"/> keys persist until removed or until their unit ends, across every log call
/// and thread of it; <see cref="PushKeys"/> keys last for a <c>using</c> block on the current async flow.
/// <para>
/// The unit is the current Lambda invocation (<c>InvocationContext.Current</c>, which an ASP.NET Core request on Lambda
/// is too), else the current <see cref="LogRequestScope"/>, else the request's local root <see cref="Activity"/> (an
/// ASP.NET Core or worker request), else the process (keys appended at start-up, on every line of the process, as in
/// Powertools). Concurrent invocations and requests never see each other's keys.
/// </para>
/// <para>
/// Keys are cased like every key (<c>POWERTOOLS_LOGGER_CASE</c>), redacted like every key, and never replace a standard
/// key (<c>level</c>, <c>message</c>…). A template parameter or a <c>BeginScope</c> key of the same name wins over them;
/// pushed keys win over appended ones, and an inner unit's over the process's. A key named <c>correlation_id</c> (any
/// casing) sets the line's <c>correlation_id</c> when nothing more specific does. Values are written when a line is
/// logged, as template values are.
/// </para>
/// </summary>
public static class LogContext
{
    private const string ActivityProperty = "MatCarv.Observability.Logging.Keys";

    private const int ActivityLockStripes = 16;

    private static readonly AsyncLocal<PushedLogKeys?> Pushed = new();
    private static readonly object[] ActivityLocks = LockStripes.Create(ActivityLockStripes);
    private static readonly LogKeyFrame Process = new();

    // Set once any key was ever appended or pushed: until then a log line pays one static read for this feature.
    private static int s_inUse;

    // Set once a key was appended to a root activity: only then does a line walk to its root activity to look.
    private static int s_activityFrames;

    /// <summary>True once any key was appended or pushed in this process.</summary>
    internal static bool InUse => Volatile.Read(ref s_inUse) != 0;

    /// <summary>Appends a key to the current unit of work (replacing its value when it is already there).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (typed values stay typed: numbers, booleans, dates…).</param>
    public static void AppendKey(string key, object? value) => Unit(create: true)!.Set(key ?? string.Empty, value);

    /// <summary>Appends keys to the current unit of work.</summary>
    /// <param name="keys">The keys and values.</param>
    public static void AppendKeys(IEnumerable<KeyValuePair<string, object?>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var frame = Unit(create: true)!;
        foreach (var pair in keys)
        {
            frame.Set(pair.Key ?? string.Empty, pair.Value);
        }
    }

    /// <summary>Removes keys appended to the current unit of work (keys that are not there are ignored).</summary>
    /// <param name="keys">The keys.</param>
    public static void RemoveKeys(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var frame = Unit(create: false);
        if (frame is null)
        {
            return;
        }

        foreach (var key in keys)
        {
            if (key is not null)
            {
                frame.Remove(key);
            }
        }
    }

    /// <summary>Adds a key to every line logged on this async flow until the returned scope is disposed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>The scope; dispose it to remove the key.</returns>
    public static IDisposable PushKey(string key, object? value) => PushKeys([new(key ?? string.Empty, value)]);

    /// <summary>Adds keys to every line logged on this async flow until the returned scope is disposed.</summary>
    /// <param name="keys">The keys and values (copied now).</param>
    /// <returns>The scope; dispose it to remove the keys.</returns>
    public static IDisposable PushKeys(IEnumerable<KeyValuePair<string, object?>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var items = keys.Select(static p => new KeyValuePair<string, object?>(p.Key ?? string.Empty, p.Value)).ToArray();
        Volatile.Write(ref s_inUse, 1);
        return new PushedLogKeys(Pushed, items);
    }

    /// <summary>
    /// Adds the key sets that apply to a line logged now, innermost first (pushed, log request scope, invocation, root
    /// activity, process), to <paramref name="frames"/>.
    /// </summary>
    internal static void Collect(InvocationContext? invocation, List<KeyValuePair<string, object?>[]> frames)
    {
        for (var node = Pushed.Value; node is not null; node = node.Parent)
        {
            if (!node.IsDisposed && node.Items.Length > 0)
            {
                frames.Add(node.Items);
            }
        }

        AddFrame(frames, LogRequestScope.Current?.Keys);
        AddFrame(frames, invocation?.LogKeys);
        if (Volatile.Read(ref s_activityFrames) != 0 && Activity.Current is { } activity)
        {
            AddFrame(frames, RootOf(activity).GetCustomProperty(ActivityProperty) as LogKeyFrame);
        }

        AddFrame(frames, Process);
    }

    private static void AddFrame(List<KeyValuePair<string, object?>[]> frames, LogKeyFrame? frame)
    {
        if (frame is not null && frame.Items is { Length: > 0 } items)
        {
            frames.Add(items);
        }
    }

    /// <summary>The key set of the current unit of work (created on first use when <paramref name="create"/>).</summary>
    private static LogKeyFrame? Unit(bool create)
    {
        if (create)
        {
            Volatile.Write(ref s_inUse, 1);
        }

        if (InvocationContext.Current is { } invocation)
        {
            return invocation.LogKeys ?? (create ? invocation.GetOrCreateLogKeys() : null);
        }

        if (LogRequestScope.Current is { } scope)
        {
            return scope.Keys ?? (create ? scope.GetOrCreateKeys() : null);
        }

        if (Activity.Current is { } activity)
        {
            var root = RootOf(activity);
            if (root.GetCustomProperty(ActivityProperty) is LogKeyFrame existing)
            {
                return existing;
            }

            if (!create)
            {
                return null;
            }

            // A root activity belongs to one request; its keys go with it. Striped locks (first append per request only)
            // keep two threads of one request from each creating a set and losing the other's key.
            lock (ActivityLocks[System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(root) & (ActivityLockStripes - 1)])
            {
                if (root.GetCustomProperty(ActivityProperty) is LogKeyFrame raced)
                {
                    return raced;
                }

                var frame = new LogKeyFrame();
                root.SetCustomProperty(ActivityProperty, frame);
                Volatile.Write(ref s_activityFrames, 1);
                return frame;
            }
        }

        return Process;
    }

    private static Activity RootOf(Activity activity)
    {
        while (activity.Parent is { } parent)
        {
            activity = parent;
        }

        return activity;
    }
}
