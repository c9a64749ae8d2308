namespace Dokuei.Dicom.Network.Dimse;

/// <summary>A DIMSE message that cannot be understood (a malformed command set, an unexpected response).</summary>
public sealed class DimseException(string message) : Exception(message);
