using System.Net;
using Dokuei.Dicom.Network;
using Dokuei.Server.Hosting;

namespace Dokuei.Server.Features.Dimse;

/// <summary>
/// The DIMSE listener of <c>dokuei serve</c>: on <see cref="DokueiSettings.DimsePort"/> (0 picks a free port) at the bind
/// address, called AE title <see cref="DokueiSettings.AeTitle"/>; C-ECHO, C-STORE, C-FIND, C-MOVE, C-GET and storage
/// commitment for the facility each association belongs to (<see cref="DimseAssociations"/>).
/// </summary>
internal sealed class DimseListener(
    DokueiSettings settings,
    DimseAssociations associations,
    DimseStore store,
    DimseFind find,
    DimseRetrieve retrieve,
    DimseCommitment commitment,
    ILoggerFactory loggers) : IHostedService
{
    private DicomServer? _server;

    /// <summary>The port listened on (the one picked when the setting is 0).</summary>
    public int Port => _server?.Port ?? throw new InvalidOperationException("the DIMSE listener is not started");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var address = settings.BindAddress switch
        {
            "localhost" => IPAddress.Loopback,
            "*" => IPAddress.Any,
            var text => IPAddress.Parse(text),
        };
        var options = new DicomServerOptions
        {
            AeTitle = settings.AeTitle,
            // The association handler checks the called AE title itself, so that a rejection is logged and audited.
            CheckCalledAeTitle = false,
            LoggerFactory = loggers,
        };
        _server = DicomServer.Start(new IPEndPoint(address, settings.DimsePort), options, new DicomServerHandlers
        {
            Association = associations,
            Store = store,
            Find = find,
            Move = retrieve,
            Get = retrieve,
            Commitment = commitment,
        });
        DimseLog.Listening(loggers.CreateLogger<DimseListener>(), $"{address}:{_server.Port}", settings.AeTitle);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server != null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
    }
}

/// <summary>Registration of the DIMSE listener and its handlers.</summary>
internal static class DimseServices
{
    public static IServiceCollection AddDimseListener(this IServiceCollection services)
    {
        services.AddSingleton<DimseAssociations>();
        services.AddSingleton<DimseStore>();
        services.AddSingleton<DimseFind>();
        services.AddSingleton<DimseRetrieve>();
        services.AddSingleton<DimseCommitment>();
        services.AddSingleton<DimseListener>();
        services.AddHostedService(provider => provider.GetRequiredService<DimseListener>());
        return services;
    }
}
