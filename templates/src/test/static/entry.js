initEntries = function () {};
