using System.Net;
using Dokuei.Dicom.Network;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Tests.Network;

/// <summary>Storage Commitment Push Model between our SCU and our SCP, with the report on the same or on a new association.</summary>
public sealed class CommitmentTests
{
    private static readonly DicomSopReference[] References = [new(DicomUids.CTImageStorage, "1.2.3.1"), new(DicomUids.CTImageStorage, "1.2.3.2")];

    [Fact]
    public async Task The_SCP_reports_on_a_new_association_to_the_resolved_AE_taking_the_SCP_role()
    {
        var reports = new RecordingReports();
        await using var listener = DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "TEST-SCU" }, new DicomServerHandlers { CommitmentReport = reports });
        var handler = new Committer(new DicomReportDestination("127.0.0.1", listener.Port, "TEST-SCU"));
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Commitment = handler });
        var options = LoopbackServer.Client();
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port, CommitmentRequest(options), options);

        var result = await client.CommitAsync("1.2.3.99", References, reports.Waiting, TimeSpan.FromSeconds(30));

        Assert.Equal("1.2.3.1", Assert.Single(result.Committed).SopInstanceUid);
        var failed = Assert.Single(result.Failed);
        Assert.Equal(("1.2.3.2", (ushort)0x0112), (failed.Reference.SopInstanceUid, failed.FailureReason));
        var report = Assert.Single(reports.Associations);
        Assert.NotEqual(client.Association.Id, report.Id);
        Assert.Equal(("TEST-SCP", "TEST-SCU"), (report.CallingAeTitle, report.CalledAeTitle));
        var role = Assert.Single(report.Request.UserInformation.RoleSelections);
        Assert.Equal((DicomUids.StorageCommitmentPushModel, false, true), (role.SopClassUid, role.ScuRole, role.ScpRole));
        Assert.Equal("TEST-SCU", handler.Requests.Single().Association.CallingAeTitle);
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task A_requestor_that_releases_right_after_the_N_ACTION_still_gets_the_report_on_its_listener()
    {
        var reports = new DicomCommitmentReports();
        await using var listener = reports.Listen(new IPEndPoint(IPAddress.Loopback, 0), new DicomServerOptions { AeTitle = "TEST-SCU" });
        var handler = new Committer(new DicomReportDestination("127.0.0.1", listener.Port, "TEST-SCU")) { Delay = TimeSpan.FromMilliseconds(200) };
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Commitment = handler });
        var options = LoopbackServer.Client();
        var waiting = reports.WaitAsync("1.2.3.98", CancellationToken.None);
        await using (var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port, CommitmentRequest(options), options))
        {
            var result = client.CommitAsync("1.2.3.98", References, reports, TimeSpan.FromMilliseconds(1));
            await Assert.ThrowsAsync<TimeoutException>(() => result);
            await client.ReleaseAsync();
        }

        var late = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(late.Committed);
        Assert.Equal(1, reports.Received);
    }

    [Fact]
    public async Task A_client_waiting_on_a_listener_also_takes_a_report_sent_on_the_same_association()
    {
        var reports = new DicomCommitmentReports();
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Commitment = new Committer(null) });
        var options = LoopbackServer.Client();
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port, CommitmentRequest(options), options);

        var result = await client.CommitAsync("1.2.3.97", References, reports, TimeSpan.FromSeconds(30));

        Assert.Single(result.Committed);
        Assert.Single(result.Failed);
        Assert.Equal(0, reports.Received);
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task A_report_to_an_unreachable_AE_is_logged_and_does_not_disturb_the_server()
    {
        var logs = new ListLoggerFactory();
        var handler = new Committer(new DicomReportDestination("127.0.0.1", 1, "NOBODY"));
        await using var server = LoopbackServer.Start(new DicomServerHandlers { Commitment = handler }, new DicomServerOptions { AeTitle = "TEST-SCP", LoggerFactory = logs });
        var options = LoopbackServer.Client();
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", server.Port, CommitmentRequest(options), options);

        await Assert.ThrowsAsync<TimeoutException>(() => client.CommitAsync("1.2.3.96", References, new DicomCommitmentReports(), TimeSpan.FromSeconds(2)));

        // The report is sent (and its failure logged) in the background after the N-ACTION response.
        await Eventually.UntilAsync(() => logs.Entries.Any(IsUnreachable), TimeSpan.FromSeconds(30));
        Assert.Contains(logs.Entries, IsUnreachable);
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());
        await client.ReleaseAsync();

        static bool IsUnreachable((int EventId, Microsoft.Extensions.Logging.LogLevel Level, string Message) e) => e.EventId == 3014 && e.Message.Contains("1.2.3.96", StringComparison.Ordinal);
    }

    private static Dokuei.Dicom.Network.Pdus.AAssociateRq CommitmentRequest(DicomClientOptions options) =>
        DicomClient.CreateRequest(options, [(DicomUids.StorageCommitmentPushModel, DicomClient.UncompressedTransferSyntaxes), (DicomUids.Verification, DicomClient.UncompressedTransferSyntaxes)]);

    private sealed class Committer(DicomReportDestination? destination) : ICommitmentHandler
    {
        public List<DicomCommitmentRequest> Requests { get; } = [];

        public TimeSpan Delay { get; init; }

        public async ValueTask<DicomCommitmentResult> CommitAsync(DicomCommitmentRequest request, CancellationToken cancellationToken)
        {
            await Task.Delay(Delay, cancellationToken);
            return new DicomCommitmentResult([request.References[0]], [(request.References[1], (ushort)0x0112)]);
        }

        public ValueTask<DicomReportDestination?> ResolveReportDestinationAsync(DicomCommitmentRequest request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            return ValueTask.FromResult(destination);
        }
    }

    /// <summary>Passes reports on to a <see cref="DicomCommitmentReports"/> and keeps the associations they came on.</summary>
    private sealed class RecordingReports : ICommitmentReportHandler
    {
        public DicomCommitmentReports Waiting { get; } = new();

        public List<DicomAssociation> Associations { get; } = [];

        public ValueTask<DimseStatus> ReportAsync(DicomCommitmentReport report, CancellationToken cancellationToken)
        {
            lock (Associations)
            {
                Associations.Add(report.Association);
            }

            return Waiting.ReportAsync(report, cancellationToken);
        }
    }
}
