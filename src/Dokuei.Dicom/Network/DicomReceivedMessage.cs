using System.IO.Pipelines;
using Dokuei.Dicom.Network.Dimse;

namespace Dokuei.Dicom.Network;

/// <summary>
/// A DIMSE message received: its command, the presentation context it came on, and its dataset as a pipe that fills while the
/// peer sends (large instances pass through in bounded memory). Read the dataset to its end, or complete the reader to drop it.
/// </summary>
public sealed class DicomReceivedMessage(DimseMessage message, DicomPresentationContext context, PipeReader? dataset)
{
    /// <summary>Largest dataset <see cref="ReadDatasetAsync"/> will hold in memory (identifiers, event reports); instances go to a sink instead.</summary>
    public const int MaxInMemoryDataset = 16 * 1024 * 1024;

    /// <summary>The command.</summary>
    public DimseMessage Message { get; } = message;

    /// <summary>The presentation context (abstract syntax and transfer syntax of the dataset).</summary>
    public DicomPresentationContext Context { get; } = context;

    /// <summary>The dataset bytes in the context's transfer syntax, or null if the message has none.</summary>
    public PipeReader? Dataset { get; } = dataset;

    /// <summary>Reads a small dataset (a query identifier, an event report) into memory and parses it.</summary>
    public async Task<DicomDataset> ReadDatasetAsync(CancellationToken cancellationToken = default)
    {
        if (Dataset == null)
        {
            return [];
        }

        while (true)
        {
            var result = await Dataset.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length > MaxInMemoryDataset)
            {
                await Dataset.CompleteAsync().ConfigureAwait(false);
                throw new DimseException($"dataset of {Message} longer than {MaxInMemoryDataset} bytes");
            }

            if (result.IsCompleted)
            {
                try
                {
                    return DimseDatasets.Parse(result.Buffer, Context.TransferSyntax);
                }
                finally
                {
                    Dataset.AdvanceTo(result.Buffer.End);
                    await Dataset.CompleteAsync().ConfigureAwait(false);
                }
            }

            Dataset.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Reads and drops the dataset, if any.</summary>
    public async Task DiscardDatasetAsync()
    {
        if (Dataset != null)
        {
            await Dataset.CompleteAsync().ConfigureAwait(false);
        }
    }
}
