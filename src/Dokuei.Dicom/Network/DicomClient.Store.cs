using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>What became of one instance sent by C-STORE: the peer's response, or the error that kept it from being sent.</summary>
public sealed record DicomStoreOutcome(DicomStoreSource Source, CStoreRsp? Response, Exception? Error);

public sealed partial class DicomClient
{
    /// <summary>
    /// C-STORE of many instances on this association. With a negotiated asynchronous operations window
    /// (<see cref="DicomAssociation.OperationsInvoked"/> &gt; 1) up to that many requests are outstanding: the next instance is
    /// sent while the peer still stores the previous ones, and responses are matched by Message ID Being Responded To, in
    /// whatever order they come. Without one, one at a time. An instance that cannot be sent (no accepted context, no
    /// transcoding to an accepted syntax) gets an outcome with its error; a broken association throws.
    /// </summary>
    public async Task<IReadOnlyList<DicomStoreOutcome>> StoreAsync(IReadOnlyList<DicomStoreSource> sources, Action<DicomStoreOutcome>? progress = null, CancellationToken cancellationToken = default)
    {
        var outcomes = new DicomStoreOutcome[sources.Count];
        var outstanding = new Dictionary<ushort, int>();
        var window = Association.OperationsInvoked;
        for (var i = 0; i < sources.Count; i++)
        {
            // Responses are taken here between sends, not by a reader of their own: the association's queue holds a whole window.
            while (outstanding.Count >= window)
            {
                await ReceiveStoreResponseAsync(sources, outstanding, outcomes, progress, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var request = await SendStoreRequestAsync(Association, sources[i], null, null, cancellationToken).ConfigureAwait(false);
                outstanding[request.MessageId] = i;
            }
            catch (Exception ex) when (ex is NotSupportedException or DicomParseException or IOException
                || ex is DicomAssociationException { Failure: DicomAssociationFailure.NoPresentationContext })
            {
                outcomes[i] = new DicomStoreOutcome(sources[i], null, ex);
                progress?.Invoke(outcomes[i]);
            }
        }

        while (outstanding.Count > 0)
        {
            await ReceiveStoreResponseAsync(sources, outstanding, outcomes, progress, cancellationToken).ConfigureAwait(false);
        }

        return outcomes;
    }

    private async Task ReceiveStoreResponseAsync(IReadOnlyList<DicomStoreSource> sources, Dictionary<ushort, int> outstanding, DicomStoreOutcome[] outcomes, Action<DicomStoreOutcome>? progress, CancellationToken cancellationToken)
    {
        var received = await Association.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DicomAssociationException($"{Association.CalledAeTitle} released the association with {outstanding.Count} C-STORE requests unanswered", DicomAssociationFailure.ConnectionClosed);
        await received.DiscardDatasetAsync().ConfigureAwait(false);
        if (received.Message is not CStoreRsp response || !outstanding.Remove(response.MessageIdBeingRespondedTo, out var index))
        {
            throw new DicomAssociationException($"unexpected {received.Message} while awaiting C-STORE responses", DicomAssociationFailure.ProtocolError);
        }

        outcomes[index] = new DicomStoreOutcome(sources[index], response, null);
        progress?.Invoke(outcomes[index]);
    }
}
