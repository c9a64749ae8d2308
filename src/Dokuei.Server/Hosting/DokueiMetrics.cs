using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Dokuei.Server.Hosting;

/// <summary>The server's counters (System.Diagnostics.Metrics, meter "Dokuei"), exported as Prometheus text on /metrics.</summary>
internal sealed class DokueiMetrics : IDisposable
{
    public const string MeterName = "Dokuei";

    private readonly Meter _meter;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public DokueiMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        InstancesReceived = _meter.CreateCounter<long>("dokuei_instances_received", description: "Instances stored (new or new version)");
        InstancesDuplicate = _meter.CreateCounter<long>("dokuei_instances_duplicate", description: "Instances received again with the same content");
        BytesReceived = _meter.CreateCounter<long>("dokuei_bytes_received", unit: "By", description: "Bytes of instances received");
        StoreFailures = _meter.CreateCounter<long>("dokuei_store_failures", description: "Instances refused or failed");
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, _meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    public Counter<long> InstancesReceived { get; }

    public Counter<long> InstancesDuplicate { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> StoreFailures { get; }

    /// <summary>The totals in the Prometheus text exposition format.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        foreach (var instrument in new Instrument[] { InstancesReceived, InstancesDuplicate, BytesReceived, StoreFailures })
        {
            var name = instrument.Name + "_total";
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n# TYPE {name} counter\n");
            text.Append(CultureInfo.InvariantCulture, $"{name} {_totals.GetValueOrDefault(instrument.Name)}\n");
        }

        return text.ToString();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }
}
