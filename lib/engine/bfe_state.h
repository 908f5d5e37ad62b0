// Subscriptions to the engine's state (FwpmBfeStateSubscribeChanges0).
//
// The in-process engine is RUNNING from its first use until the process
// exits, so no transition happens today and no callback is called; the
// notifier is complete anyway (notify() is what a future stop/start path
// calls) and unit-tested directly.  Its own lock, never the engine's: a
// callback may call into the API.
#pragma once
#include <fwpmk.h>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>
#include "engine/handle_table.h"

namespace fwpk {

struct BfeSubscription : HandleObject {
    BfeSubscription(FWPM_SERVICE_STATE_CHANGE_CALLBACK0 cb, void* ctx)
        : HandleObject(HandleKind::BfeSubscription, 0), callback(cb), context(ctx) {}
    FWPM_SERVICE_STATE_CHANGE_CALLBACK0 callback;
    void* context;
    unsigned running = 0;            // calls in progress
    std::thread::id runner{};        // the thread of the latest call
    bool removed = false;
    HANDLE self = nullptr;           // its handle value
};

class BfeNotifier {
public:
    static BfeNotifier& instance();
    FWPM_SERVICE_STATE state() const;
    HANDLE subscribe(FWPM_SERVICE_STATE_CHANGE_CALLBACK0 cb, void* context);  // throws
    // STATUS_INVALID_HANDLE for anything but a live subscription; waits for
    // running calls of it (not when called from inside its own callback).
    void unsubscribe(HANDLE h);
    // Sets the state and calls every subscriber once, outside the lock.
    void notify(FWPM_SERVICE_STATE s);
    size_t subscribers() const;

private:
    mutable std::mutex mu_;
    std::condition_variable idle_;
    HandleTable handles_;
    std::vector<BfeSubscription*> subs_;
    FWPM_SERVICE_STATE state_ = FWPM_SERVICE_RUNNING;
};

}  // namespace fwpk
