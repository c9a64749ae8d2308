namespace Dokuei.Dicom.Imaging;

/// <summary>
/// Raised when pixel data cannot be described or a frame cannot be found in it: a missing or impossible image attribute,
/// a frame index out of range, pixel data shorter than its frames need, offset tables that contradict the fragments.
/// </summary>
public sealed class DicomPixelDataException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public DicomPixelDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public DicomPixelDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without details.</summary>
    public DicomPixelDataException()
        : this("The pixel data cannot be read.")
    {
    }
}
