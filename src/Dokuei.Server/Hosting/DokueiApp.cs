using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dokuei.Server.Data;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.Assignment;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Comments;
using Dokuei.Server.Features.DicomWeb;
using Dokuei.Server.Features.Dimse;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Notifications;
using Dokuei.Server.Features.Radiologists;
using Dokuei.Server.Features.Reports;
using Dokuei.Server.Features.Requests;
using Dokuei.Server.Features.Sla;
using Dokuei.Server.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Dokuei.Server.Hosting;

/// <summary>Builds the web application that <c>dokuei serve</c> runs (also used in-process by tests).</summary>
internal static class DokueiApp
{
    public const string CorsPolicy = "dicomweb-viewers";

    /// <summary>
    /// Builds the application and prepares its data directory and database (migrations, the operator credential, removal
    /// of temporary blobs left by a crash). The operator's token, when first created, is written to <paramref name="output"/>.
    /// <paramref name="configureServices"/> runs last (tests replace services with it).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(DokueiSettings settings, TextWriter output, CancellationToken cancellationToken, Action<IServiceCollection>? configureServices = null)
    {
        Directory.CreateDirectory(settings.FullDataDirectory);
        var connection = DatabaseConnection.Parse(settings.Database, settings.FullDataDirectory);
        // No reload-on-change of appsettings.json (DokueiSettings reads it once): its watcher covers the content root
        // recursively, which holds ./data by default, so every blob written would wake it with file events.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        builder.Logging.ClearProviders();
        if (settings.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o => o.JsonWriterOptions = new JsonWriterOptions { Indented = false });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(settings.BindAddress switch
            {
                "localhost" => IPAddress.Loopback,
                "*" => IPAddress.IPv6Any,
                var address => IPAddress.Parse(address),
            }, settings.HttpPort);
            // STOW-RS bodies are whole studies; they are streamed to disk, never buffered, so no size cap here.
            kestrel.Limits.MaxRequestBodySize = null;
        });

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(connection);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<FacilityScope>();
        if (connection.Provider == DatabaseConnection.Sqlite)
        {
            services.AddPooledDbContextFactory<SqliteDokueiDbContext>(connection.Configure);
            services.AddScoped(DokueiDbContext.Lease<SqliteDokueiDbContext>);
        }
        else
        {
            services.AddPooledDbContextFactory<PostgresDokueiDbContext>(connection.Configure);
            services.AddScoped(DokueiDbContext.Lease<PostgresDokueiDbContext>);
        }

        services.AddSingleton<IBlobStore>(new FileBlobStore(Path.Combine(settings.FullDataDirectory, "blobs")));
        services.AddSingleton<IngestCommitQueue>();
        services.AddSingleton<DokueiMetrics>();
        services.AddScoped<ArchiveIngest>();
        services.AddDimseListener();
        services.AddSingleton(new Pbkdf2PasswordHasher());
        services.AddSingleton(LockoutPolicy.Default);
        // Session cookies are encrypted with keys kept beside the data, so they survive restarts (and nodes share them
        // when the data directory is shared).
        services.AddDataProtection().SetApplicationName("dokuei")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.FullDataDirectory, "keys")));
        services.AddDokueiAuthentication(TimeSpan.FromMinutes(settings.SessionIdleMinutes));
        services.AddDokueiPolicies();
        RequestAccess.AddPolicies(services.AddAuthorizationBuilder());
        ServiceMenusApi.AddPolicies(services.AddAuthorizationBuilder());
        services.AddScoped<IReaderCandidates, ProfileReaderCandidates>();
        services.AddScoped<StepAssigner>();
        services.AddHostedService<ShiftEndMonitor>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        services.AddSingleton(new ReportingOptions { CriticalEscalation = TimeSpan.FromMinutes(settings.CriticalEscalationMinutes) });
        services.AddSingleton(new DeadlineMonitorOptions
        {
            Interval = settings.DeadlineMonitorSeconds <= 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Max(1, settings.DeadlineMonitorSeconds)),
            Policy = new DeadlinePolicy(settings.AtRiskPercent / 100.0),
        });
        services.AddSingleton<DeadlineMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineMonitor>());
        services.AddSingleton(new AttachmentOptions { MaxBytes = settings.AttachmentMaxMegabytes * 1024L * 1024L });
        services.AddOpenApi();
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            if (settings.CorsOrigins.Count > 0)
            {
                policy.WithOrigins([.. settings.CorsOrigins]).AllowAnyHeader().AllowAnyMethod()
                    .WithExposedHeaders("Content-Type", "Content-Length", "Warning", "Location");
            }
        }));
        services.AddProblemDetails();
        // Enums (roles, reading modes) travel as their names.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddExceptionHandler<DomainExceptionHandler>();
        configureServices?.Invoke(services);

        var app = builder.Build();
        await PrepareAsync(app, output, cancellationToken).ConfigureAwait(false);

        // Unhandled errors answer as ProblemDetails (500) and are logged; nothing was acknowledged for them.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/health", async (DokueiDbContext db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct).ConfigureAwait(false)
                ? Results.Text("ok\n")
                : Results.Text("database unavailable\n", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous();
        app.MapGet("/metrics", (DokueiMetrics metrics) => Results.Text(metrics.ToPrometheusText(), "text/plain; version=0.0.4")).AllowAnonymous();
        app.MapDicomWeb();
        app.MapSignIn();
        app.MapUserAdmin();
        app.MapFacilityAdmin();
        app.MapRadiologists();
        // The audit filter runs outermost so that it sees the answer ApiSupport.Filter made of a domain error.
        var api = app.MapGroup("/api").AddEndpointFilter(ApiAudit.RecordAsync).AddEndpointFilter(ApiSupport.Filter).WithMetadata(ApiAudit.Marker.Instance);
        api.MapRequestsApi();
        api.MapAssignmentApi();
        api.MapReportsApi();
        api.MapCommentsApi();
        api.MapNotificationsApi();
        api.MapServiceMenus();
        api.MapAttachmentsApi();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    private static async Task PrepareAsync(WebApplication app, TextWriter output, CancellationToken cancellationToken)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DokueiDbContext>();
        db.Scope.SetAll();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await Migrator.MigrateAsync(db, time, cancellationToken).ConfigureAwait(false);
        await RequestsSeed.EnsureAsync(db, cancellationToken).ConfigureAwait(false);
        if (await AccessTokens.EnsureOperatorAsync(db, time, cancellationToken).ConfigureAwait(false) is { } token)
        {
            await output.WriteLineAsync($"operator token (shown once, keep it): {token}").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var blobs = app.Services.GetRequiredService<IBlobStore>();
        var cleaned = blobs.CleanTemporary();
        if (cleaned > 0)
        {
            ArchiveLog.TemporaryCleaned(app.Services.GetRequiredService<ILogger<ArchiveIngest>>(), cleaned);
        }

        var unindexed = await UnindexedBlobs.RemoveAsync(db, blobs, cancellationToken).ConfigureAwait(false);
        if (unindexed > 0)
        {
            ArchiveLog.UnindexedRemoved(app.Services.GetRequiredService<ILogger<ArchiveIngest>>(), unindexed);
        }
    }
}
