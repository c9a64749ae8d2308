namespace Dokuei.Dicom.Network;

/// <summary>An accepted presentation context: what the two sides agreed to exchange under one context ID.</summary>
public sealed record DicomPresentationContext(byte Id, string AbstractSyntax, TransferSyntax TransferSyntax);
