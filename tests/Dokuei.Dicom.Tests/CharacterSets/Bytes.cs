namespace Dokuei.Dicom.Tests.CharacterSets;

/// <summary>Byte strings written as in PS3.5: hex pairs separated by spaces.</summary>
internal static class Bytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));

    public static string ToHex(byte[] bytes) => Convert.ToHexString(bytes);
}
