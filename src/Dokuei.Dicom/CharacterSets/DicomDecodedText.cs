namespace Dokuei.Dicom;

/// <summary>A decoded string value and what had to be guessed to decode it.</summary>
/// <param name="Text">The value as a .NET string, padding and delimiters included as in the bytes.</param>
/// <param name="Warnings">
/// One sentence per guess ("bytes under \ISO 2022 IR 87 are Shift_JIS; decoded as Shift_JIS"); empty when the bytes
/// matched the declared character set. The parser attaches them to the element's attribute path.
/// </param>
public readonly record struct DicomDecodedText(string Text, IReadOnlyList<string> Warnings);
