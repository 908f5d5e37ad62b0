/* Driver (ours) for the callback prototype of FwpmBfeStateSubscribeChanges0:
 * defines the callback the sample declares and registers it, reads the state,
 * and deregisters it, as a callout driver does at load and unload. */
VOID NTAPI callback(IN OUT void *context, IN FWPM_SERVICE_STATE newState)
{
    (void)newState;
    ++*(int *)context;
}

int main(void)
{
    int calls = 0;
    HANDLE changeHandle = NULL;
    if (FwpmBfeStateSubscribeChanges0(NULL, callback, &calls, &changeHandle) != STATUS_SUCCESS) return 1;
    if (FwpmBfeStateGet0() != FWPM_SERVICE_RUNNING) return 1;
    if (FwpmBfeStateUnsubscribeChanges0(changeHandle) != STATUS_SUCCESS) return 1;
    return calls; /* the engine's state did not change: no call */
}
