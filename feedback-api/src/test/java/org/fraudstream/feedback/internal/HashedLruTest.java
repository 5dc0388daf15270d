package org.fraudstream.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashedLruTest {

    private record Key(long hi, long lo) { }

    @Test
    void shouldForgetTheLeastRecentlyUsedKeyWhenFull() {
        final HashedLru lru = new HashedLru(2);
        final int a = lru.add(1, 10);
        lru.add(2, 20);
        lru.touch(a);

        lru.add(3, 30);

        assertThat(lru.find(1, 10)).isEqualTo(a);
        assertThat(lru.find(2, 20)).isEqualTo(HashedLru.NONE);
        assertThat(lru.find(3, 30)).isNotEqualTo(HashedLru.NONE);
        assertThat(lru.size()).isEqualTo(2);
    }

    @Test
    void shouldTellKeysApartByAllTheirBits() {
        final HashedLru lru = new HashedLru(4);
        lru.add(1, 7);

        assertThat(lru.find(2, 7)).as("same low half").isEqualTo(HashedLru.NONE);
        assertThat(lru.find(1, 7 + (1L << 40))).as("same home slot").isEqualTo(HashedLru.NONE);
    }

    @Test
    void shouldRefuseACapacityItCannotHold() {
        assertThatThrownBy(() -> new HashedLru(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashedLru(HashedLru.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Random adds, uses and removals against LinkedHashMap in access order, with colliding homes. */
    @Test
    void shouldBehaveAsAnAccessOrderedLinkedHashMapWhenKeysCollide() {
        final Random random = new Random(42);
        for (int capacity : new int[] {1, 3, 17, 64}) {
            final HashedLru lru = new HashedLru(capacity);
            final LinkedHashMap<Key, Integer> model = new LinkedHashMap<>(16, 0.75f, true);
            final List<Key> universe = new ArrayList<>();
            for (int i = 0; i < capacity * 3 + 2; i++) {
                // few distinct low bits: long probe runs that wrap around the index, and many shifts
                universe.add(new Key(random.nextLong(), random.nextInt(5) + ((long) random.nextInt(3) << 34)));
            }
            for (int step = 0; step < 20_000; step++) {
                final Key k = universe.get(random.nextInt(universe.size()));
                final int slot = lru.find(k.hi(), k.lo());
                assertThat(slot != HashedLru.NONE).as("step %d: %s present", step, k).isEqualTo(model.containsKey(k));
                if (slot == HashedLru.NONE) {
                    if (model.size() == capacity) {
                        final Iterator<Map.Entry<Key, Integer>> eldest = model.entrySet().iterator();
                        eldest.next();
                        eldest.remove();
                    }
                    model.put(k, lru.add(k.hi(), k.lo()));
                } else if (random.nextInt(3) == 0) {
                    assertThat(slot).isEqualTo(model.remove(k));
                    lru.remove(slot);
                } else {
                    assertThat(slot).isEqualTo(model.get(k)); // get: a use, as touch is
                    lru.touch(slot);
                }
                assertThat(lru.size()).isEqualTo(model.size());
            }
            for (Map.Entry<Key, Integer> e : model.entrySet()) {
                assertThat(lru.find(e.getKey().hi(), e.getKey().lo())).isEqualTo(e.getValue());
            }
        }
    }
}
