using Dokuei.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace Dokuei.Server.Tests.Hosting;

/// <summary>Settings: defaults, appsettings.json's "Dokuei" section, and DOKUEI_ environment variables over it.</summary>
public sealed class DokueiSettingsTests
{
    [Fact]
    public void Defaults_are_loopback_8080_11112_and_data()
    {
        var settings = DokueiSettings.Load(new ConfigurationBuilder().Build());
        Assert.Equal(("127.0.0.1", 8080, 11112, "data", (string?)null), (settings.BindAddress, settings.HttpPort, settings.DimsePort, settings.DataDirectory, settings.Database));
    }

    [Fact]
    public void Environment_variables_win_over_the_settings_file()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Dokuei:HttpPort"] = "9000",
                ["Dokuei:Data"] = "/srv/from-file",
                ["Dokuei:CorsOrigins:0"] = "https://viewer.example",
                ["Dokuei:DimsePort"] = "104",
            })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["HTTP_PORT"] = "9100", ["DATABASE"] = "postgres://u:p@h/d" })
            .Build();

        var settings = DokueiSettings.Load(configuration);

        Assert.Equal(9100, settings.HttpPort);
        Assert.Equal(104, settings.DimsePort);
        Assert.Equal("/srv/from-file", settings.DataDirectory);
        Assert.Equal("postgres://u:p@h/d", settings.Database);
        Assert.Equal(["https://viewer.example"], settings.CorsOrigins);
    }

    [Fact]
    public void Workflow_operations_default_to_a_sweep_a_minute_at_risk_at_75_percent_escalation_after_30_minutes_and_20_mb_attachments()
    {
        var defaults = DokueiSettings.Load(new ConfigurationBuilder().Build());
        Assert.Equal((60, 75, 30, 20), (defaults.DeadlineMonitorSeconds, defaults.AtRiskPercent, defaults.CriticalEscalationMinutes, defaults.AttachmentMaxMegabytes));

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Dokuei:AtRiskPercent"] = "80", ["Dokuei:AttachmentMaxMegabytes"] = "5" })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DEADLINE_MONITOR_SECONDS"] = "15", ["AT_RISK_PERCENT"] = "90", ["CRITICAL_ESCALATION_MINUTES"] = "10" })
            .Build();
        var settings = DokueiSettings.Load(configuration);
        Assert.Equal((15, 90, 10, 5), (settings.DeadlineMonitorSeconds, settings.AtRiskPercent, settings.CriticalEscalationMinutes, settings.AttachmentMaxMegabytes));
    }
}
