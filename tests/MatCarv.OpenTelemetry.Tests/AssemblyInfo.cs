// The X-Ray exporter sets Activity.TraceIdGenerator while a provider lives and the tests assert it is put back: a process-wide
// static, so the tests of this assembly run one at a time (they take seconds in all).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
