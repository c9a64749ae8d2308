namespace Dokuei.Interop.Tests;

/// <summary>Placeholder so the interop suite builds until the pydicom and dcmtk comparisons land.</summary>
internal static class PeerTools
{
}
