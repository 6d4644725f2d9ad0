import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ListPage } from '../../components/ListPage'
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

  // The domain filter lists the domains; a first visit lists the first page of every user.
  useEffect(() => {
    void loadDomains()
    const { userPage, userQuery } = useStore.getState()
    if (!userPage && userQuery.text.trim() === '') void searchUsers(userQuery, 0)
  }, [loadDomains, searchUsers])

  return (
    <ListPage
      title="Users"
      filters={<UserSearchForm />}
      error={error && `Users could not be listed: ${error}`}
    >
      <div className="split wide-aside">
        <UsersTable />
        {selected && <UserServices key={selected} userid={selected} />}
      </div>
    </ListPage>
  )
}
