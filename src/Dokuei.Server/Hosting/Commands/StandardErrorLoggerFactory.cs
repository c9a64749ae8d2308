namespace Dokuei.Server.Hosting.Commands;

/// <summary>
/// The log of the DICOM network commands: one line per entry on standard error (<c>warn: Category[id] message</c>),
/// written as it happens. Deliberately not the console logging provider: that one is built through a service container
/// and a background queue, whose start-up was about a quarter of a short command's CPU (a C-ECHO, a small C-STORE).
/// </summary>
internal sealed class StandardErrorLoggerFactory(LogLevel dokueiLevel, LogLevel otherLevel) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        new Logger(categoryName, categoryName.StartsWith("Dokuei", StringComparison.Ordinal) ? dokueiLevel : otherLevel);

    /// <summary>Providers are not supported: this factory has its one output.</summary>
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the DICOM commands log to standard error only");

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var level = logLevel switch
            {
                LogLevel.Trace => "trce",
                LogLevel.Debug => "dbug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            };
            var line = $"{level}: {category}[{eventId.Id}] {formatter(state, exception)}";
            // One write per entry (Console.Error is synchronized), so lines from concurrent associations do not interleave.
            Console.Error.WriteLine(exception == null ? line : line + Environment.NewLine + exception);
        }
    }
}
