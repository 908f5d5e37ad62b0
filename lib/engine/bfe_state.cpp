#include "engine/bfe_state.h"
#include <algorithm>
#include "base/status.h"

namespace fwpk {

BfeNotifier& BfeNotifier::instance() {
    static BfeNotifier* n = new BfeNotifier();  // never destroyed: callbacks may run at exit
    return *n;
}

FWPM_SERVICE_STATE BfeNotifier::state() const {
    std::lock_guard<std::mutex> lk(mu_);
    return state_;
}

HANDLE BfeNotifier::subscribe(FWPM_SERVICE_STATE_CHANGE_CALLBACK0 cb, void* context) {
    std::lock_guard<std::mutex> lk(mu_);
    auto sub = std::make_unique<BfeSubscription>(cb, context);
    BfeSubscription* raw = sub.get();
    subs_.reserve(subs_.size() + 1);  // so that the insert below cannot fail after the handle exists
    HANDLE h = handles_.insert(std::move(sub));
    raw->self = h;
    subs_.push_back(raw);
    return h;
}

void BfeNotifier::unsubscribe(HANDLE h) {
    std::unique_lock<std::mutex> lk(mu_);
    auto* s = static_cast<BfeSubscription*>(handles_.find(h, HandleKind::BfeSubscription));
    require(s != nullptr && !s->removed, STATUS_INVALID_HANDLE);
    s->removed = true;  // no new call starts from now on
    // Wait for calls in progress, except the caller's own (a callback that
    // unsubscribes itself would otherwise wait for itself forever).
    idle_.wait(lk, [&] { return s->running == 0 || s->runner == std::this_thread::get_id(); });
    subs_.erase(std::find(subs_.begin(), subs_.end(), s));
    if (s->running == 0) handles_.take(h, HandleKind::BfeSubscription);  // frees it
    // else: the running call (this thread's) releases it when it returns.
}

void BfeNotifier::notify(FWPM_SERVICE_STATE st) {
    std::unique_lock<std::mutex> lk(mu_);
    state_ = st;
    std::vector<BfeSubscription*> calls = subs_;  // subscribers at the time of the change
    for (BfeSubscription* s : calls) {
        if (s->removed) continue;
        ++s->running;
        s->runner = std::this_thread::get_id();
        lk.unlock();
        s->callback(s->context, st);  // outside the lock: it may call the API
        lk.lock();
        if (--s->running == 0 && s->removed && std::find(subs_.begin(), subs_.end(), s) == subs_.end()) {
            handles_.take(s->self, HandleKind::BfeSubscription);  // it unsubscribed itself: release it now
        }
        idle_.notify_all();
    }
}

size_t BfeNotifier::subscribers() const {
    std::lock_guard<std::mutex> lk(mu_);
    return subs_.size();
}

}  // namespace fwpk
