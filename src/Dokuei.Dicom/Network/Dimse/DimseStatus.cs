namespace Dokuei.Dicom.Network.Dimse;

/// <summary>What kind of status a code is (PS3.7 Annex C).</summary>
public enum DimseStatusKind
{
    /// <summary>Success (0000).</summary>
    Success,

    /// <summary>Warning (0001, Bxxx, 0107, 0116).</summary>
    Warning,

    /// <summary>Failure (Axxx, Cxxx, 01xx, 02xx).</summary>
    Failure,

    /// <summary>Cancel (FE00).</summary>
    Cancel,

    /// <summary>Pending (FF00, FF01).</summary>
    Pending,
}

/// <summary>A DIMSE status code (0000,0900) with its meaning (PS3.7 Annex C, PS3.4).</summary>
public readonly record struct DimseStatus(ushort Code)
{
    /// <summary>Success.</summary>
    public static DimseStatus Success => new(0x0000);

    /// <summary>Pending: matches are continuing.</summary>
    public static DimseStatus Pending => new(0xFF00);

    /// <summary>Pending: matches are continuing, optional keys not supported.</summary>
    public static DimseStatus PendingWarning => new(0xFF01);

    /// <summary>Cancel: the operation was cancelled by C-CANCEL.</summary>
    public static DimseStatus Cancel => new(0xFE00);

    /// <summary>Warning: sub-operations complete, one or more failures or warnings (C-MOVE, C-GET).</summary>
    public static DimseStatus SubOperationsWarning => new(0xB000);

    /// <summary>Warning: coercion of data elements (C-STORE).</summary>
    public static DimseStatus CoercionOfDataElements => new(0xB000);

    /// <summary>Failure: refused, out of resources.</summary>
    public static DimseStatus OutOfResources => new(0xA700);

    /// <summary>Failure: refused, out of resources, unable to calculate number of matches (C-MOVE/C-GET).</summary>
    public static DimseStatus OutOfResourcesSubOperations => new(0xA702);

    /// <summary>Failure: refused, move destination unknown.</summary>
    public static DimseStatus MoveDestinationUnknown => new(0xA801);

    /// <summary>Failure: dataset does not match SOP class / identifier does not match SOP class.</summary>
    public static DimseStatus DataSetDoesNotMatchSopClass => new(0xA900);

    /// <summary>Failure: cannot understand.</summary>
    public static DimseStatus CannotUnderstand => new(0xC000);

    /// <summary>Failure: processing failure.</summary>
    public static DimseStatus ProcessingFailure => new(0x0110);

    /// <summary>Failure: SOP class not supported.</summary>
    public static DimseStatus SopClassNotSupported => new(0x0122);

    /// <summary>Failure: no such SOP instance.</summary>
    public static DimseStatus NoSuchSopInstance => new(0x0112);

    /// <summary>Failure: unrecognized operation.</summary>
    public static DimseStatus UnrecognizedOperation => new(0x0211);

    /// <summary>The kind of status.</summary>
    public DimseStatusKind Kind => Code switch
    {
        0x0000 => DimseStatusKind.Success,
        0xFF00 or 0xFF01 => DimseStatusKind.Pending,
        0xFE00 => DimseStatusKind.Cancel,
        0x0001 or 0x0107 or 0x0116 => DimseStatusKind.Warning,
        _ when (Code & 0xF000) == 0xB000 => DimseStatusKind.Warning,
        _ => DimseStatusKind.Failure,
    };

    /// <summary>True for success.</summary>
    public bool IsSuccess => Code == 0;

    /// <summary>True for pending.</summary>
    public bool IsPending => Kind == DimseStatusKind.Pending;

    /// <summary>The code as four hex digits with its kind, e.g. "A700 (Failure)".</summary>
    public override string ToString() => $"{Code:X4} ({Kind})";
}
