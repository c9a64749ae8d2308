using Dokuei.Server.Data;
using Dokuei.Server.Features.Requests;

namespace Dokuei.Server.Features.Assignment;

/// <summary>
/// Every <see cref="Interval"/>, takes unstarted steps from readers who have no shift left before the due time and
/// reassigns them (<see cref="StepAssigner.ReassignOffShiftAsync"/>), so that a step does not wait for a reader who
/// has gone home until a coordinator notices.
/// </summary>
internal sealed partial class ShiftEndMonitor(IServiceScopeFactory scopes, TimeProvider time, ILogger<ShiftEndMonitor> logger) : BackgroundService
{
    /// <summary>How often the shifts are checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    scope.ServiceProvider.GetRequiredService<FacilityScope>().SetAll();
                    var moved = await scope.ServiceProvider.GetRequiredService<StepAssigner>().ReassignOffShiftAsync(stoppingToken).ConfigureAwait(false);
                    foreach (var m in moved)
                    {
                        LogReassigned(logger, m.RequestId, m.Step, m.From, m.To);
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A lost race with an edit or a database hiccup: the next round tries again.
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "The {Step} step of request {RequestId} was taken from {From} (no shift before the due time); now assigned to {To}")]
    private static partial void LogReassigned(ILogger logger, Guid requestId, ReadingStep step, Guid from, Guid? to);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Reassigning steps of readers off shift failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
