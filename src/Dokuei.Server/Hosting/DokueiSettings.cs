using System.Globalization;

namespace Dokuei.Server.Hosting;

/// <summary>
/// Settings of every command. Each comes from, in order of precedence: the command line, the environment
/// (<c>DOKUEI_DATA</c>, <c>DOKUEI_HTTP_PORT</c>, <c>DOKUEI_DIMSE_PORT</c>, <c>DOKUEI_DATABASE</c>, <c>DOKUEI_BIND_ADDRESS</c>,
/// <c>DOKUEI_CORS_ORIGINS</c> comma-separated, <c>DOKUEI_AE_TITLE</c>, <c>DOKUEI_LOG_FORMAT</c> = simple|json), the
/// <c>"Dokuei"</c> section of <c>appsettings.json</c> in the working directory, and the defaults.
/// </summary>
internal sealed record DokueiSettings
{
    public string DataDirectory { get; init; } = "data";

    public int HttpPort { get; init; } = 8080;

    public int DimsePort { get; init; } = 11112;

    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>Empty: SQLite in the data directory. Otherwise a PostgreSQL URL or keyword connection string.</summary>
    public string? Database { get; init; }

    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    public string AeTitle { get; init; } = "DOKUEI";

    public string LogFormat { get; init; } = "simple";

    /// <summary>A session (sign-in cookie) ends after this many minutes without a request (<c>DOKUEI_SESSION_IDLE_MINUTES</c>).</summary>
    public int SessionIdleMinutes { get; init; } = 30;

    /// <summary>Seconds between two sweeps of the deadline monitor (<c>DOKUEI_DEADLINE_MONITOR_SECONDS</c>); 0 turns it off.</summary>
    public int DeadlineMonitorSeconds { get; init; } = 60;

    /// <summary>Percent of a request's time used that marks it at risk, 1-99 (<c>DOKUEI_AT_RISK_PERCENT</c>).</summary>
    public int AtRiskPercent { get; init; } = 75;

    /// <summary>Minutes a critical finding may stay unacknowledged before it goes to the coordinators (<c>DOKUEI_CRITICAL_ESCALATION_MINUTES</c>).</summary>
    public int CriticalEscalationMinutes { get; init; } = 30;

    /// <summary>Largest attachment of a request, in MiB (<c>DOKUEI_ATTACHMENT_MAX_MB</c>).</summary>
    public int AttachmentMaxMegabytes { get; init; } = 20;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    /// <summary>Reads appsettings.json and the environment; command-line values are applied by the caller with <c>with</c>.</summary>
    public static DokueiSettings Load(IConfiguration? configuration = null)
    {
        configuration ??= new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("DOKUEI_")
            .Build();
        var defaults = new DokueiSettings();
        string? Get(string env, string key) => configuration[env] is { Length: > 0 } e ? e : configuration["Dokuei:" + key] is { Length: > 0 } s ? s : null;
        int GetInt(string env, string key, int fallback) => Get(env, key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var cors = configuration["CORS_ORIGINS"] is { Length: > 0 } fromEnv
            ? fromEnv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : configuration.GetSection("Dokuei:CorsOrigins").Get<string[]>() ?? [];
        return new DokueiSettings
        {
            DataDirectory = Get("DATA", "Data") ?? defaults.DataDirectory,
            HttpPort = GetInt("HTTP_PORT", "HttpPort", defaults.HttpPort),
            DimsePort = GetInt("DIMSE_PORT", "DimsePort", defaults.DimsePort),
            BindAddress = Get("BIND_ADDRESS", "BindAddress") ?? defaults.BindAddress,
            Database = Get("DATABASE", "Database"),
            CorsOrigins = cors,
            AeTitle = Get("AE_TITLE", "AeTitle") ?? defaults.AeTitle,
            LogFormat = Get("LOG_FORMAT", "LogFormat") ?? defaults.LogFormat,
            SessionIdleMinutes = GetInt("SESSION_IDLE_MINUTES", "SessionIdleMinutes", defaults.SessionIdleMinutes),
            DeadlineMonitorSeconds = GetInt("DEADLINE_MONITOR_SECONDS", "DeadlineMonitorSeconds", defaults.DeadlineMonitorSeconds),
            AtRiskPercent = GetInt("AT_RISK_PERCENT", "AtRiskPercent", defaults.AtRiskPercent),
            CriticalEscalationMinutes = GetInt("CRITICAL_ESCALATION_MINUTES", "CriticalEscalationMinutes", defaults.CriticalEscalationMinutes),
            AttachmentMaxMegabytes = GetInt("ATTACHMENT_MAX_MB", "AttachmentMaxMegabytes", defaults.AttachmentMaxMegabytes),
        };
    }
}
