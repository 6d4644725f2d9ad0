import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { searchProblem, userSearchKinds } from '../../../../src-preload/contract'
import { Field } from '../../components/Field'
import { Select } from '../../components/Select'
import { useStore } from '../../store'
import type { UserSearchBy } from '../../store/users'

const searchLabels: Record<UserSearchBy, string> = {
  user: 'User ID or last name',
  mac: 'MAC address',
  dn: 'Directory number'
}

const placeholders: Record<UserSearchBy, string> = {
  user: 'jsmith, smi*',
  mac: '0011223344AA, *44AA',
  dn: '4085550100, 408*'
}

/** Domain filter and global search; the search text is checked here first, with the server's rules. */
export function UserSearchForm() {
  const { query, domains, setUserQuery, searchUsers, loading } = useStore(
    useShallow((s) => ({
      query: s.userQuery,
      domains: s.domains,
      setUserQuery: s.setUserQuery,
      searchUsers: s.searchUsers,
      loading: s.usersLoading
    }))
  )
  const [problem, setProblem] = useState<string>()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    // An empty search lists every user of the chosen domains.
    const found = query.text.trim() === '' ? null : searchProblem(query.by, query.text.trim())
    setProblem(found ?? undefined)
    if (!found) void searchUsers(query, 0)
  }

  return (
    <form className="search-form" role="search" onSubmit={submit} noValidate>
      <Select
        label="Domain"
        value={query.domain}
        options={['', ...domains.map((d) => d.name)]}
        labels={{ '': 'All domains' }}
        onChange={(domain) => setUserQuery({ domain })}
      />
      <Select
        label="Search by"
        value={query.by}
        options={userSearchKinds}
        labels={searchLabels}
        onChange={(by) => setUserQuery({ by })}
      />
      <Field
        label="Search"
        error={problem}
        hint="* may start or end the text; leave empty to list every user"
      >
        {(control) => (
          <input
            {...control}
            type="search"
            value={query.text}
            placeholder={placeholders[query.by]}
            spellCheck={false}
            onChange={(e) => setUserQuery({ text: e.target.value })}
          />
        )}
      </Field>
      <div>
        <button type="submit" className="primary" disabled={loading}>
          Search
        </button>
      </div>
    </form>
  )
}
