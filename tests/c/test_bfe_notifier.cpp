// test_bfe_notifier.cpp — unit test of lib/engine/bfe_state.cpp compiled
// against the library source: the engine never changes state in-process, so
// the notification path (calling subscribers, unsubscribe waiting for a
// running callback) is driven here directly through notify().
#include <atomic>
#include <chrono>
#include <thread>
#include "base/status.h"  // before cmocka.h, whose fail() macro would rename fwpk::fail
#include "engine/bfe_state.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}

using namespace fwpk;

struct Probe {
    std::atomic<int> calls{0};
    std::atomic<int> last{-1};
    std::atomic<bool> inside{false};
    std::atomic<bool> release{false};
    BfeNotifier* n = nullptr;
    HANDLE self = nullptr;
};

static void NTAPI count(void* ctx, FWPM_SERVICE_STATE s) {
    auto* p = static_cast<Probe*>(ctx);
    p->last = int(s);
    ++p->calls;
}

static void NTAPI slow(void* ctx, FWPM_SERVICE_STATE s) {
    auto* p = static_cast<Probe*>(ctx);
    p->inside = true;
    while (!p->release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    p->last = int(s);
    ++p->calls;
    p->inside = false;
}

static void NTAPI unsubscribes_itself(void* ctx, FWPM_SERVICE_STATE) {
    auto* p = static_cast<Probe*>(ctx);
    ++p->calls;
    p->n->unsubscribe(p->self);
}

static void every_subscriber_is_called_once_with_the_new_state(void** state) {
    (void)state;
    BfeNotifier n;
    assert_int_equal(n.state(), FWPM_SERVICE_RUNNING);
    Probe a, b;
    HANDLE ha = n.subscribe(count, &a), hb = n.subscribe(count, &b);
    n.notify(FWPM_SERVICE_STOP_PENDING);
    assert_int_equal(n.state(), FWPM_SERVICE_STOP_PENDING);
    assert_int_equal(a.calls, 1);
    assert_int_equal(b.calls, 1);
    assert_int_equal(a.last, FWPM_SERVICE_STOP_PENDING);
    n.unsubscribe(ha);
    n.notify(FWPM_SERVICE_STOPPED);
    assert_int_equal(a.calls, 1);  // no call after unsubscribing
    assert_int_equal(b.calls, 2);
    assert_int_equal(b.last, FWPM_SERVICE_STOPPED);
    n.unsubscribe(hb);
    assert_int_equal(n.subscribers(), 0);
}

static void unsubscribe_waits_for_a_running_callback(void** state) {
    (void)state;
    BfeNotifier n;
    Probe p;
    HANDLE h = n.subscribe(slow, &p);
    std::thread notifier([&] { n.notify(FWPM_SERVICE_STOP_PENDING); });
    while (!p.inside) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::atomic<bool> returned{false};
    std::thread unsub([&] {
        n.unsubscribe(h);
        returned = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    assert_false(returned.load());  // still inside the callback
    p.release = true;
    unsub.join();
    notifier.join();
    assert_true(returned.load());
    assert_int_equal(p.calls, 1);
    assert_false(p.inside.load());
}

static void a_callback_may_unsubscribe_itself(void** state) {
    (void)state;
    BfeNotifier n;
    Probe p;
    p.n = &n;
    p.self = n.subscribe(unsubscribes_itself, &p);
    n.notify(FWPM_SERVICE_STOP_PENDING);  // does not deadlock
    assert_int_equal(p.calls, 1);
    assert_int_equal(n.subscribers(), 0);
    n.notify(FWPM_SERVICE_STOPPED);
    assert_int_equal(p.calls, 1);
    bool threw = false;
    try {
        n.unsubscribe(p.self);
    } catch (const StatusError& e) {
        threw = e.status == STATUS_INVALID_HANDLE;
    }
    assert_true(threw);
}

static void unknown_handles_are_invalid(void** state) {
    (void)state;
    BfeNotifier n;
    for (HANDLE h : {static_cast<HANDLE>(nullptr), reinterpret_cast<HANDLE>(uintptr_t(0x4242424242424242ull))}) {
        bool threw = false;
        try {
            n.unsubscribe(h);
        } catch (const StatusError& e) {
            threw = e.status == STATUS_INVALID_HANDLE;
        }
        assert_true(threw);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_subscriber_is_called_once_with_the_new_state),
        cmocka_unit_test(unsubscribe_waits_for_a_running_callback),
        cmocka_unit_test(a_callback_may_unsubscribe_itself),
        cmocka_unit_test(unknown_handles_are_invalid),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
