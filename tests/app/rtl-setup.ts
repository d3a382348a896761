import { configure } from '@testing-library/react';

// findBy*/waitFor wait for a condition, never for a time: their ceiling is only how long to wait before calling the
// condition missed. The default second is too short for Garden's first render on a loaded 2-core CI machine.
configure({ asyncUtilTimeout: 10_000 });
