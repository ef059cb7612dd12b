namespace AspireChain.AppHost.Hosting;

/// <summary>The lifecycle of one resource instance as the dashboard and tests see it.</summary>
public enum ResourceState
{
    /// <summary>Waiting for the resources it depends on.</summary>
    Waiting,

    /// <summary>Launched, its health check has not passed yet.</summary>
    Starting,

    /// <summary>Up; it has no health check.</summary>
    Running,

    /// <summary>Up and its health check passes.</summary>
    Healthy,

    /// <summary>Up but its health check fails after having passed.</summary>
    Unhealthy,

    /// <summary>Waiting out the back-off before relaunching.</summary>
    Restarting,

    /// <summary>The process ended without being asked to.</summary>
    Exited,

    /// <summary>Stopped on request (command or shutdown).</summary>
    Stopped,

    /// <summary>The process could not be launched at all.</summary>
    FailedToStart,
}
