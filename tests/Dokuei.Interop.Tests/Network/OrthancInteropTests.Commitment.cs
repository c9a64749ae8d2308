using System.Text;
using System.Text.Json.Nodes;
using Dokuei.Dicom;
using Dokuei.Dicom.Network;
using Dokuei.Interop.Tests.Peers;

namespace Dokuei.Interop.Tests.Network;

/// <summary>
/// Storage Commitment Push Model with Orthanc, which reports on a new association in both roles: as SCP it connects back to the
/// requestor's AE from its DicomModalities, as SCU it takes the report on its own DICOM port. (dcmtk 3.6.7 has no storage
/// commitment tool, so Orthanc is the only real peer here.)
/// </summary>
public sealed partial class OrthancInteropTests : ICommitmentHandler
{
    [Fact]
    public async Task Orthanc_as_SCP_commits_what_we_stored_and_reports_on_a_new_association_to_our_listener()
    {
        var options = new DicomClientOptions { CallingAeTitle = "DOKUEI", CalledAeTitle = OrthancPeer.AeTitle };
        var sources = new List<DicomStoreSource>();
        foreach (var path in _fixture.Files)
        {
            sources.Add(await DicomStoreSource.FromFileAsync(path));
        }

        var request = DicomClient.CreateStoreRequest(options, sources);
        request.PresentationContexts.Add(new Dokuei.Dicom.Network.Pdus.PresentationContextRq(
            (byte)(request.PresentationContexts.Count * 2 + 1), DicomUids.StorageCommitmentPushModel, DicomClient.UncompressedTransferSyntaxes));
        var references = sources.Select(s => new DicomSopReference(s.SopClassUid, s.SopInstanceUid)).ToList();
        var missing = new DicomSopReference(DicomUids.CTImageStorage, DicomUidGenerator.FromGuid(Guid.NewGuid()));
        var transaction = DicomUidGenerator.FromGuid(Guid.NewGuid());
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", _orthanc.DicomPort, request, options);
        foreach (var source in sources)
        {
            Assert.True((await client.StoreAsync(source)).Status.IsSuccess, _orthanc.Log);
        }

        var result = await client.CommitAsync(transaction, [.. references, missing], _reports, TimeSpan.FromSeconds(60));
        await client.ReleaseAsync();

        Assert.Equal(references.Select(r => r.SopInstanceUid).Order(StringComparer.Ordinal), result.Committed.Select(r => r.SopInstanceUid).Order(StringComparer.Ordinal));
        var failed = Assert.Single(result.Failed);
        Assert.Equal(missing.SopInstanceUid, failed.Reference.SopInstanceUid);
        Assert.Equal(1, _reports.Received);
    }

    [Fact]
    public async Task Orthanc_as_SCU_stores_to_us_asks_for_commitment_and_takes_our_report_on_a_new_association()
    {
        foreach (var path in _fixture.Files)
        {
            await _orthanc.UploadAsync(await File.ReadAllBytesAsync(path));
        }

        var instances = JsonNode.Parse(await _orthanc.Http.GetStringAsync(new Uri("instances", UriKind.Relative)))!.AsArray();
        var store = new JsonObject { ["Resources"] = new JsonArray([.. instances.Select(i => (JsonNode)i!.GetValue<string>())]), ["Synchronous"] = true };
        using (var stored = await _orthanc.Http.PostAsync(new Uri("modalities/DOKUEI/store", UriKind.Relative), Json(store)))
        {
            Assert.True(stored.IsSuccessStatusCode, await stored.Content.ReadAsStringAsync() + _orthanc.Log);
        }

        var sent = _fixture.Files.Select(f => DicomFile.Open(f).Dataset).Select(d => new JsonObject
        {
            ["SOPClassUID"] = d.GetString(DicomTag.SOPClassUID),
            ["SOPInstanceUID"] = d.GetString(DicomTag.SOPInstanceUID),
        }).ToList();
        var missing = DicomUidGenerator.FromGuid(Guid.NewGuid());
        var body = new JsonObject { ["DicomInstances"] = new JsonArray([.. sent, new JsonObject { ["SOPClassUID"] = DicomUids.CTImageStorage, ["SOPInstanceUID"] = missing }]) };
        string transaction;
        using (var commit = await _orthanc.Http.PostAsync(new Uri("modalities/DOKUEI/storage-commitment", UriKind.Relative), Json(body)))
        {
            var text = await commit.Content.ReadAsStringAsync();
            Assert.True(commit.IsSuccessStatusCode, text + _orthanc.Log);
            transaction = JsonNode.Parse(text)!["ID"]!.GetValue<string>();
        }

        JsonNode report;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(100);
            report = JsonNode.Parse(await _orthanc.Http.GetStringAsync(new Uri("storage-commitment/" + transaction, UriKind.Relative)))!;
        }
        while (report["Status"]!.GetValue<string>() == "Pending" && DateTime.UtcNow < deadline);

        Assert.True(report["Status"]!.GetValue<string>() == "Failure", report.ToJsonString() + _orthanc.Log);
        Assert.Equal(sent.Select(s => s["SOPInstanceUID"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            report["Success"]!.AsArray().Select(s => s!["SOPInstanceUID"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var failure = Assert.Single(report["Failures"]!.AsArray())!;
        Assert.Equal(missing, failure["SOPInstanceUID"]!.GetValue<string>());
        Assert.Equal(0x0112, failure["FailureReason"]!.GetValue<int>());
    }

    /// <summary>Committed means: received and written to our folder.</summary>
    public ValueTask<DicomCommitmentResult> CommitAsync(DicomCommitmentRequest request, CancellationToken cancellationToken)
    {
        var present = request.References.ToLookup(r => File.Exists(Path.Combine(_out, r.SopInstanceUid + ".dcm")));
        return ValueTask.FromResult(new DicomCommitmentResult([.. present[true]], [.. present[false].Select(r => (r, (ushort)0x0112))]));
    }

    /// <summary>Orthanc is the only requestor, reached on its DICOM port.</summary>
    public ValueTask<DicomReportDestination?> ResolveReportDestinationAsync(DicomCommitmentRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DicomReportDestination?>(request.Association.CallingAeTitle == OrthancPeer.AeTitle
            ? new DicomReportDestination("127.0.0.1", _orthanc.DicomPort, OrthancPeer.AeTitle)
            : null);

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
