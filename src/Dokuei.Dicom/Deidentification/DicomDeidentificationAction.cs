namespace Dokuei.Dicom.Deidentification;

/// <summary>The action codes of PS3.15 Table E.1-1 (section E.1.1).</summary>
public enum DicomDeidentificationAction : byte
{
    /// <summary>K: keep; sequences are kept and the profile is applied to their items.</summary>
    Keep,

    /// <summary>X: remove.</summary>
    Remove,

    /// <summary>Z: replace with a zero length value (or a dummy value).</summary>
    Zero,

    /// <summary>D: replace with a non-zero length dummy value consistent with the VR.</summary>
    Dummy,

    /// <summary>C: clean, replace with a value of similar meaning known not to identify.</summary>
    Clean,

    /// <summary>U: replace with a UID that is consistent within the set of instances.</summary>
    ReplaceUid,

    /// <summary>Z/D: Z unless D is required for IOD conformance (Type 2 versus Type 1).</summary>
    ZeroOrDummy,

    /// <summary>X/Z: X unless Z is required for IOD conformance (Type 3 versus Type 2).</summary>
    RemoveOrZero,

    /// <summary>X/D: X unless D is required for IOD conformance (Type 3 versus Type 1).</summary>
    RemoveOrDummy,

    /// <summary>X/Z/D: X unless Z or D is required for IOD conformance.</summary>
    RemoveOrZeroOrDummy,

    /// <summary>X/Z/U*: X unless Z or replacing the contained instance UIDs is required for IOD conformance.</summary>
    RemoveOrZeroOrReplaceUids,
}
