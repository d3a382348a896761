import fc from 'fast-check';

// fast-check 4 attaches what a failing property threw as the error's `cause`, which jest does not print: a failure then
// names its counterexample but not what went wrong. Every suite's properties put it in the message instead.
fc.configureGlobal({ includeErrorInReport: true });
