// test_handle_table.cpp — internal unit test of lib/engine/handle_table.cpp,
// compiled against the library source (not the .so): it reaches a slot's
// generation through HandleTableTestPeer, a friend that exists only in this
// file, so the 2^28-reuse boundary is tested without 2^28 iterations.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}
#include <set>
#include "engine/handle_table.h"

namespace fwpk {
struct HandleTableTestPeer {
    static size_t slots(const HandleTable& t) { return t.slots_.size(); }
    static void setGeneration(HandleTable& t, uint32_t index, uint32_t g) { t.slots_[index].generation = g; }
};
}  // namespace fwpk

using namespace fwpk;

static std::unique_ptr<HandleObject> obj(HandleKind k = HandleKind::Session) {
    return std::unique_ptr<HandleObject>(new HandleObject(k, 0));
}

static uint32_t indexOf(HANDLE h) { return uint32_t(uintptr_t(h)) - 1; }

// The last generation a slot can carry: its release retires the slot, so the
// next insert gets a fresh slot and every value the old slot ever had stays
// invalid (before the fix, generation 0 came back and the first handle value
// named the new object).
static void handle_value_is_never_valid_twice_when_generation_would_wrap(void **state) {
    (void)state;
    HandleTable t;
    HANDLE first = t.insert(obj());
    uint32_t slot = indexOf(first);
    assert_true(t.take(first, HandleKind::Session) != nullptr);
    HandleTableTestPeer::setGeneration(t, slot, HandleTable::kGenerations - 1);
    HANDLE last = t.insert(obj());
    assert_int_equal(indexOf(last), slot);  // LIFO reuse of the same slot
    assert_true(last != first);
    assert_true(t.take(last, HandleKind::Session) != nullptr);

    HANDLE next = t.insert(obj());
    assert_int_not_equal(indexOf(next), slot);  // the slot is retired
    assert_true(next != first && next != last);
    assert_true(t.find(first, HandleKind::Session) == nullptr);
    assert_true(t.find(last, HandleKind::Session) == nullptr);
    assert_true(t.take(first, HandleKind::Session) == nullptr);
    assert_true(t.find(next, HandleKind::Session) != nullptr);
    assert_int_equal(HandleTableTestPeer::slots(t), 2);
}

// Every value handed out near the boundary is distinct and invalid once released.
static void handle_values_near_generation_limit_are_all_distinct(void **state) {
    (void)state;
    HandleTable t;
    HANDLE h = t.insert(obj(HandleKind::FilterEnum));
    assert_true(t.take(h, HandleKind::FilterEnum) != nullptr);
    HandleTableTestPeer::setGeneration(t, indexOf(h), HandleTable::kGenerations - 8);
    std::set<uintptr_t> seen{uintptr_t(h)};
    std::vector<HANDLE> released;
    for (int i = 0; i < 64; ++i) {
        HANDLE x = t.insert(obj(HandleKind::FilterEnum));
        assert_true(seen.insert(uintptr_t(x)).second);
        assert_true(t.take(x, HandleKind::FilterEnum) != nullptr);
        released.push_back(x);
    }
    for (HANDLE x : released) assert_true(t.find(x, HandleKind::FilterEnum) == nullptr);
    // 8 values on the first slot, then one slot per 2^28 values: only 2 slots used.
    assert_int_equal(HandleTableTestPeer::slots(t), 2);
}

// A released slot comes back last-in-first-out with a new generation.
static void released_handle_is_stale_after_slot_reuse(void **state) {
    (void)state;
    HandleTable t;
    HANDLE a = t.insert(obj());
    assert_true(t.take(a, HandleKind::Session) != nullptr);
    HANDLE b = t.insert(obj());
    assert_int_equal(indexOf(a), indexOf(b));
    assert_true(a != b);
    assert_true(t.find(a, HandleKind::Session) == nullptr);
    assert_true(t.find(b, HandleKind::SaEnum) == nullptr);  // wrong kind
    assert_true(t.find(b, HandleKind::Session) != nullptr);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(handle_value_is_never_valid_twice_when_generation_would_wrap),
        cmocka_unit_test(handle_values_near_generation_limit_are_all_distinct),
        cmocka_unit_test(released_handle_is_stale_after_slot_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
