namespace AuditTrail;

/// <summary>The OCSF event classes AuditTrail maps records to; each value is the class's <c>class_uid</c>.</summary>
public enum AuditOcsfClass
{
    /// <summary>Detection Finding (2004), category Findings: something a detector found (the review's <c>review.finding</c>).</summary>
    DetectionFinding = 2004,

    /// <summary>Account Change (3001), category Identity &amp; Access Management: an account created, disabled, its password or MFA changed.</summary>
    AccountChange = 3001,

    /// <summary>Authentication (3002), category Identity &amp; Access Management: logons and logoffs.</summary>
    Authentication = 3002,

    /// <summary>Entity Management (3004), category Identity &amp; Access Management: a managed entity created, read, updated or deleted.</summary>
    EntityManagement = 3004,

    /// <summary>User Access Management (3005), category Identity &amp; Access Management: privileges assigned or revoked.</summary>
    UserAccessManagement = 3005,

    /// <summary>Application Lifecycle (6002), category Application Activity: an application started or stopped.</summary>
    ApplicationLifecycle = 6002,

    /// <summary>API Activity (6003), category Application Activity: an API call that creates, reads, updates or deletes.</summary>
    ApiActivity = 6003,
}
