package dev.squall.kotlin

import dev.squall.web.Application
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class ApplicationScopeTest {
    @Test fun anApplicationKeepsOneScopeAndEachApplicationHasItsOwn() {
        val first = Application.builder().build()
        val second = Application.builder().build()
        assertSame(first.coroutineScope, first.coroutineScope)
        assertNotSame(first.coroutineScope, second.coroutineScope)
        assertSame(first.coroutineScope, first.attribute(APPLICATION_SCOPE))
    }

    @Test fun cancellingOneApplicationsScopeLeavesTheOthersRunning() {
        val first = Application.builder().build()
        val second = Application.builder().build()
        first.coroutineScope.cancel()
        assertTrue(first.coroutineScope.coroutineContext[Job]!!.isCancelled)
        assertFalse(second.coroutineScope.coroutineContext[Job]!!.isCancelled)
    }
}
