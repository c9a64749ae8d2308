using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dokuei.Server.Hosting.Commands;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.Audit;

/// <summary><c>dokuei audit verify|export</c>.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "The hash-chained audit log: verify the chain, export events.");
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(Export());
        return audit;
    }

    private static Command Verify()
    {
        var common = new CommonOptions();
        var command = new Command("verify", "Check the whole chain; exits 1 and names the first broken event if any.");
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var db = await common.OpenDatabaseAsync(result, cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var verification = await AuditChain.VerifyAsync(db, cancellationToken).ConfigureAwait(false);
                if (verification.Intact)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audit log intact: {verification.Events} events"));
                    return 0;
                }

                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"audit log BROKEN at event {verification.FirstBrokenId}: {verification.Problem}")).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static Command Export()
    {
        var common = new CommonOptions();
        var from = new Option<string?>("--from") { Description = "First day (YYYY-MM-DD, UTC) or instant (ISO 8601), inclusive" };
        var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD, UTC, inclusive) or instant (ISO 8601, exclusive)" };
        var output = new Option<string?>("--output") { Description = "File to write (default: standard output)" };
        var command = new Command("export", "Write events as JSON lines with DICOM PS3.15 audit message field names.") { from, to, output };
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            string? start;
            string? end;
            try
            {
                start = result.GetValue(from) is { } f ? Bound(f, endOfDay: false) : null;
                end = result.GetValue(to) is { } t ? Bound(t, endOfDay: true) : null;
            }
            catch (FormatException e)
            {
                await Console.Error.WriteLineAsync($"--from/--to: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            var db = await common.OpenDatabaseAsync(result, cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var path = result.GetValue(output);
                var writer = path == null ? Console.Out : new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
                try
                {
                    // occurred_at is fixed-width ISO 8601 UTC text, so string order is time order.
                    var query = db.AuditEvents.AsNoTracking().AsQueryable();
                    if (start != null)
                    {
                        query = query.Where(e => string.Compare(e.OccurredAt, start) >= 0);
                    }

                    if (end != null)
                    {
                        query = query.Where(e => string.Compare(e.OccurredAt, end) < 0);
                    }

                    await foreach (var entry in query.OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        await writer.WriteLineAsync(AuditExport.ToJsonLine(entry)).ConfigureAwait(false);
                    }

                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (path != null)
                    {
                        await writer.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }

            return 0;
        });
        return command;
    }

    private static string Bound(string text, bool endOfDay)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var date = endOfDay ? day.AddDays(1) : day;
            return AuditEvent.FormatTime(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        return AuditEvent.FormatTime(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }
}

/// <summary>
/// An audit event as one JSON object named after the DICOM audit message (PS3.15 Annex A.5): EventIdentification,
/// ActiveParticipant, AuditSourceIdentification, ParticipantObjectIdentification; the chain fields under <c>Dokuei</c>.
/// </summary>
internal static class AuditExport
{
    public static string ToJsonLine(AuditEvent entry)
    {
        var (eventId, eventName, actionCode, typeCode, typeName) = Classify(entry.Action);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("EventIdentification");
            Code(json, "EventID", eventId, "DCM", eventName);
            json.WriteString("EventActionCode", actionCode);
            json.WriteString("EventDateTime", entry.OccurredAt);
            // 0 success, 4 minor failure (refused: wrong password, not found, forbidden), 8 serious failure (server error).
            json.WriteNumber("EventOutcomeIndicator", entry.Outcome == AuditEvent.Success ? 0 : entry.Reason?.Contains("500", StringComparison.Ordinal) == true ? 8 : 4);
            if (entry.Reason != null)
            {
                json.WriteString("EventOutcomeDescription", entry.Reason);
            }

            json.WriteStartArray("EventTypeCode");
            if (typeCode != null)
            {
                json.WriteStartObject();
                json.WriteString("csd-code", typeCode);
                json.WriteString("codeSystemName", "DCM");
                json.WriteString("originalText", typeName);
                json.WriteEndObject();
            }

            json.WriteStartObject();
            json.WriteString("csd-code", entry.Action);
            json.WriteString("codeSystemName", "Dokuei");
            json.WriteString("originalText", entry.Action);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartArray("ActiveParticipant");
            json.WriteStartObject();
            json.WriteString("UserID", entry.ActorId ?? entry.ActorName ?? "unknown");
            if (entry.ActorName != null)
            {
                json.WriteString("UserName", entry.ActorName);
            }

            json.WriteBoolean("UserIsRequestor", true);
            if (entry.ActorRole != null)
            {
                json.WriteStartArray("RoleIDCode");
                json.WriteStartObject();
                json.WriteString("csd-code", entry.ActorRole);
                json.WriteString("codeSystemName", "Dokuei");
                json.WriteString("originalText", entry.ActorRole);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            if (entry.RemoteAddress != null)
            {
                json.WriteString("NetworkAccessPointID", entry.RemoteAddress);
                json.WriteString("NetworkAccessPointTypeCode", "2");
            }

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("AuditSourceIdentification");
            json.WriteString("AuditSourceID", "dokuei");
            json.WriteEndObject();

            json.WriteStartArray("ParticipantObjectIdentification");
            if (entry.SubjectId != null)
            {
                json.WriteStartObject();
                json.WriteString("ParticipantObjectID", entry.SubjectId);
                json.WriteNumber("ParticipantObjectTypeCode", entry.SubjectType == "user" ? 1 : 2);
                var (idCode, idName) = entry.SubjectType switch
                {
                    "study" => ("110180", "Study Instance UID"),
                    "series" => ("112002", "Series Instance UID"),
                    "user" => ("11", "User Identifier"),
                    _ => (entry.SubjectType ?? "object", entry.SubjectType ?? "object"),
                };
                Code(json, "ParticipantObjectIDTypeCode", idCode, idCode == "11" ? "RFC-3881" : idCode.StartsWith("11", StringComparison.Ordinal) ? "DCM" : "Dokuei", idName);

                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartObject("Dokuei");
            json.WriteNumber("id", entry.Id);
            if (entry.FacilityId is { } facility)
            {
                json.WriteNumber("facilityId", facility);
            }

            json.WriteString("subjectType", entry.SubjectType);
            json.WriteString("userAgent", entry.UserAgent);
            json.WriteString("detail", entry.Detail);
            json.WriteString("previousHash", entry.PreviousHash);
            json.WriteString("hash", entry.Hash);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>PS3.16 CID 400/401 codes for an action: EventID, EventActionCode (C, R, U, D, E), EventTypeCode.</summary>
    private static (string EventId, string EventName, string ActionCode, string? TypeCode, string? TypeName) Classify(string action) => action switch
    {
        _ when action.StartsWith("signin.", StringComparison.Ordinal) => ("110114", "User Authentication", "E", "110122", "Login"),
        "signout" => ("110114", "User Authentication", "E", "110123", "Logout"),
        "dicomweb.qido" => ("110112", "Query", "E", null, null),
        "dicomweb.stow" => ("110104", "DICOM Instances Transferred", "C", null, null),
        "study.delete" => ("110103", "DICOM Instances Accessed", "D", null, null),
        _ when action.StartsWith("dicomweb.", StringComparison.Ordinal) => ("110103", "DICOM Instances Accessed", "R", null, null),
        _ when action.StartsWith("user.", StringComparison.Ordinal) => ("110113", "Security Alert", "U", "110137", "User Security Attributes Changed"),
        _ => ("110100", "Application Activity", "E", null, null),
    };

    private static void Code(Utf8JsonWriter json, string name, string code, string system, string? text)
    {
        json.WriteStartObject(name);
        json.WriteString("csd-code", code);
        json.WriteString("codeSystemName", system);
        if (text != null)
        {
            json.WriteString("originalText", text);
        }

        json.WriteEndObject();
    }
}
