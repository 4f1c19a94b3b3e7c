import { useEffect, useState } from 'react';

/**
 * The search box's text and the search actually run: the search follows the text after a
 * short typing pause (so each keystroke does not ask the server), or at once via setSearch.
 */
export function useSearch() {
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setSearch(searchText.trim()), 250);
    return () => clearTimeout(t);
  }, [searchText]);
  return { searchText, setSearchText, search, setSearch };
}
