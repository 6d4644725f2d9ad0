import { useEffect, useId } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store'
import { UserSearchForm } from './UserSearchForm'
import { UserServices } from './UserServices'
import { UsersTable } from './UsersTable'

export function UsersPage() {
  const { loadDomains, searchUsers, selected, error } = useStore(
    useShallow((s) => ({
      loadDomains: s.loadDomains,
      searchUsers: s.searchUsers,
      selected: s.selectedUser,
      error: s.usersError
    }))
  )
  const titleId = useId()

  // The domain filter lists the domains; a first visit lists the first page of every user.
  useEffect(() => {
    void loadDomains()
    const { userPage, userQuery } = useStore.getState()
    if (!userPage && userQuery.text.trim() === '') void searchUsers(userQuery, 0)
  }, [loadDomains, searchUsers])

  return (
    <section className="page" aria-labelledby={titleId}>
      <header className="page-header">
        <h1 id={titleId}>Users</h1>
      </header>
      <UserSearchForm />
      {error && (
        <p role="alert" className="error-summary">
          Users could not be listed: {error}
        </p>
      )}
      <div className="split wide-aside">
        <UsersTable />
        {selected && <UserServices key={selected} userid={selected} />}
      </div>
    </section>
  )
}
