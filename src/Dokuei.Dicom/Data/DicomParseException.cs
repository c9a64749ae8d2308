namespace Dokuei.Dicom;

/// <summary>
/// Raised when DICOM data cannot be parsed: says what is wrong, at which byte offset of the stream,
/// and in which attribute (a path such as <c>/(0040,A730)/2/(0008,0100)</c>).
/// </summary>
public sealed class DicomParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomParseException(string reason, long offset, string path, Exception? innerException = null)
        : base($"{reason} (at byte {offset}, attribute {(path.Length == 0 ? "/" : path)})", innerException)
    {
        Reason = reason;
        Offset = offset;
        AttributePath = path;
    }

    /// <summary>Creates the exception with a message only (no position known).</summary>
    public DicomParseException(string message)
        : base(message)
    {
        Reason = message;
        AttributePath = "";
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public DicomParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        AttributePath = "";
    }

    /// <summary>Creates the exception without details.</summary>
    public DicomParseException()
        : this("The DICOM data could not be parsed.")
    {
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>Byte offset in the stream where the problem was found (-1 if unknown).</summary>
    public long Offset { get; } = -1;

    /// <summary>The attribute path, e.g. <c>/(0040,A730)/2/(0008,0100)</c>; empty at the top level.</summary>
    public string AttributePath { get; }
}

/// <summary>A fault in the data that was tolerated while reading (odd length, guessed character set, ...).</summary>
/// <param name="Offset">Byte offset where it was found, -1 if not known.</param>
/// <param name="AttributePath">The attribute path of the affected element.</param>
/// <param name="Message">What was found and what was done about it.</param>
public sealed record DicomParseWarning(long Offset, string AttributePath, string Message)
{
    /// <summary>One line for logs and the command line.</summary>
    public override string ToString() => Offset >= 0 ? $"{AttributePath} at byte {Offset}: {Message}" : $"{AttributePath}: {Message}";
}
