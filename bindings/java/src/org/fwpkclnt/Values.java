// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Field-wise toString/equals/hashCode shared by the plain value types. */
final class Values {
    private Values() {}

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override protected Field[] computeValue(Class<?> c) {
            List<Field> out = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) out.add(f);
            }
            return out.toArray(new Field[0]);
        }
    };

    static String describe(Object o) {
        StringBuilder sb = new StringBuilder(o.getClass().getSimpleName()).append('{');
        boolean first = true;
        try {
            for (Field f : FIELDS.get(o.getClass())) {
                Object v = f.get(o);
                if (v == null) continue;
                if (!first) sb.append(", ");
                first = false;
                sb.append(f.getName()).append('=');
                if (v instanceof byte[]) sb.append(Arrays.toString((byte[]) v));
                else if (v instanceof Object[]) sb.append(Arrays.toString((Object[]) v));
                else sb.append(v);
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return sb.append('}').toString();
    }

    static boolean deepEquals(Object a, Object b) {
        if (a == b) return true;
        if (b == null || a.getClass() != b.getClass()) return false;
        try {
            for (Field f : FIELDS.get(a.getClass())) {
                if (!Objects.deepEquals(f.get(a), f.get(b))) return false;
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return true;
    }

    static int deepHash(Object o) {
        try {
            Field[] fs = FIELDS.get(o.getClass());
            Object[] vals = new Object[fs.length];
            for (int i = 0; i < fs.length; i++) vals[i] = fs[i].get(o);
            return Arrays.deepHashCode(vals);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
