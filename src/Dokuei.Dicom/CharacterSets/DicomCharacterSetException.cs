namespace Dokuei.Dicom;

/// <summary>
/// A string cannot be encoded in the dataset's Specific Character Set (0008,0005). The message names the character by
/// code point and position, never the whole value, which may be a patient's name.
/// </summary>
public sealed class DicomCharacterSetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomCharacterSetException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DicomCharacterSetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public DicomCharacterSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
