namespace Dokuei.Dicom.Network.Dimse;

/// <summary>Command Field (0000,0100) values (PS3.7 Annex E).</summary>
public enum DimseCommandField : ushort
{
    /// <summary>C-STORE-RQ.</summary>
    CStoreRq = 0x0001,

    /// <summary>C-STORE-RSP.</summary>
    CStoreRsp = 0x8001,

    /// <summary>C-GET-RQ.</summary>
    CGetRq = 0x0010,

    /// <summary>C-GET-RSP.</summary>
    CGetRsp = 0x8010,

    /// <summary>C-FIND-RQ.</summary>
    CFindRq = 0x0020,

    /// <summary>C-FIND-RSP.</summary>
    CFindRsp = 0x8020,

    /// <summary>C-MOVE-RQ.</summary>
    CMoveRq = 0x0021,

    /// <summary>C-MOVE-RSP.</summary>
    CMoveRsp = 0x8021,

    /// <summary>C-ECHO-RQ.</summary>
    CEchoRq = 0x0030,

    /// <summary>C-ECHO-RSP.</summary>
    CEchoRsp = 0x8030,

    /// <summary>N-EVENT-REPORT-RQ.</summary>
    NEventReportRq = 0x0100,

    /// <summary>N-EVENT-REPORT-RSP.</summary>
    NEventReportRsp = 0x8100,

    /// <summary>N-ACTION-RQ.</summary>
    NActionRq = 0x0130,

    /// <summary>N-ACTION-RSP.</summary>
    NActionRsp = 0x8130,

    /// <summary>C-CANCEL-RQ.</summary>
    CCancelRq = 0x0FFF,
}

/// <summary>Priority (0000,0700) values.</summary>
public enum DimsePriority : ushort
{
    /// <summary>Medium.</summary>
    Medium = 0x0000,

    /// <summary>High.</summary>
    High = 0x0001,

    /// <summary>Low.</summary>
    Low = 0x0002,
}
